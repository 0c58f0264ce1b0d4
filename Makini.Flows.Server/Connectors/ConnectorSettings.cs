using Makini.Flows.Connectors.Runtime;

namespace Makini.Flows.Server.Connectors;

/// <summary>
/// Configuration section <c>Connectors</c>: where the manifests are (<see cref="InstalledConnectors.FolderSetting"/>)
/// and the limits of every call to a source.
/// </summary>
public sealed class ConnectorSettings
{
    public const string Section = "Connectors";

    public string? Folder { get; set; }

    /// <summary>One request's time limit (each attempt).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts of one request, the first included, on 429, 5xx, timeouts and connection errors.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The first retry's delay; each next one doubles.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait before a retry; a source asking for longer fails the call instead.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(2);

    public ConnectorRuntimeOptions RuntimeOptions(
        IReadOnlyDictionary<string, HttpMessageHandler> inProcessHosts
    )
    {
        if (RequestTimeout <= TimeSpan.Zero)
            throw new InvalidOperationException($"{Section}:RequestTimeout must be positive");
        if (MaxAttempts < 1)
            throw new InvalidOperationException($"{Section}:MaxAttempts must be at least 1");
        if (FirstRetryDelay < TimeSpan.Zero || MaxRetryDelay < FirstRetryDelay)
            throw new InvalidOperationException(
                $"{Section}:FirstRetryDelay must be between zero and {Section}:MaxRetryDelay"
            );
        return new ConnectorRuntimeOptions
        {
            RequestTimeout = RequestTimeout,
            MaxAttempts = MaxAttempts,
            FirstRetryDelay = FirstRetryDelay,
            MaxRetryDelay = MaxRetryDelay,
            InProcessHosts = inProcessHosts,
        };
    }
}

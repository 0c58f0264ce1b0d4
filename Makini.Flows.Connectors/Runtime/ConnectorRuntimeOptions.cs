namespace Makini.Flows.Connectors.Runtime;

/// <summary>Limits and retry settings of every connector call.</summary>
public sealed record ConnectorRuntimeOptions
{
    /// <summary>One request's time limit (each attempt).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts of one request, the first included, on 429, 5xx, timeouts and connection errors.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>The first retry's delay; each next one doubles (with jitter).</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait before a retry; a source asking for longer (Retry-After) fails the call instead.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The largest answer read from a source.</summary>
    public long MaxResponseBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Session and OAuth tokens, and rate-limit state, kept for this many connections (least recent dropped).</summary>
    public int MaxCachedConnections { get; init; } = 2_000;

    /// <summary>A stream that still has a next page after this many stops as an invalid answer (a paging loop).</summary>
    public int MaxPages { get; init; } = 1_000_000;

    /// <summary>Host names answered in process, never over the network (the built-in Demo CMMS).</summary>
    public IReadOnlyDictionary<string, HttpMessageHandler> InProcessHosts { get; init; } =
        new Dictionary<string, HttpMessageHandler>(StringComparer.OrdinalIgnoreCase);
}

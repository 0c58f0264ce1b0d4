namespace Makini.Flows.Server.Connections;

/// <summary>Configuration section <c>Connections</c>: how often connections are probed, and how many at once.</summary>
public sealed class ConnectionOptions
{
    public const string Section = "Connections";

    /// <summary>Every connection that is not disabled is checked once per interval, at a time spread by its id.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Checks one batch of probes runs at once (each batch worker of a node has its own).</summary>
    public int ProbeParallelism { get; set; } = 32;

    /// <summary>Throws, naming the setting, when a value cannot work.</summary>
    public ConnectionOptions EnsureValid()
    {
        if (ProbeInterval < TimeSpan.FromSeconds(1))
            throw new InvalidOperationException(
                $"{Section}:ProbeInterval must be at least one second (it is {ProbeInterval})"
            );
        if (ProbeParallelism < 1)
            throw new InvalidOperationException(
                $"{Section}:ProbeParallelism must be at least 1 (it is {ProbeParallelism})"
            );
        return this;
    }
}

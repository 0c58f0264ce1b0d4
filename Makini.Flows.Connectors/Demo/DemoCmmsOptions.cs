namespace Makini.Flows.Connectors.Demo;

/// <summary>The Demo CMMS's limits; the defaults are generous for a demo and bounded for a server.</summary>
public sealed record DemoCmmsOptions
{
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Requests per token per minute.</summary>
    public int RequestsPerMinute { get; init; } = 600;

    /// <summary>Tokens held at most; the oldest are forgotten beyond it.</summary>
    public int MaxSessions { get; init; } = 10_000;

    /// <summary>The largest request body read (the login's is a few dozen bytes).</summary>
    public int MaxBodyBytes { get; init; } = 16 * 1024;
}

namespace Makini.Flows.Engine.Expressions.CSharp;

/// <summary>Limits on every single C# script evaluation.</summary>
public sealed class CSharpLimits
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Bytes one evaluation may allocate (counted as allocated on its thread, not as live).</summary>
    public long MaxMemoryBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Longest match time any regular expression may be given.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest array length, capacity or repeat count a script may ask for.</summary>
    public int MaxCollectionLength { get; init; } = 10_000_000;
}

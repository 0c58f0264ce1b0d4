namespace Makini.Flows.Server.Records;

/// <summary>Settings of the records API (section <c>Records</c>).</summary>
public sealed class RecordOptions
{
    public const string Section = "Records";

    /// <summary>Requests a minute each key or connection token may make to <c>/api/eam</c>, in bursts up to it.</summary>
    public int RequestsPerMinute { get; set; } = 600;

    public void EnsureValid()
    {
        if (RequestsPerMinute < 1)
            throw new InvalidOperationException(
                $"{Section}:{nameof(RequestsPerMinute)} must be at least 1 (it is {RequestsPerMinute})"
            );
    }
}

namespace Makini.Flows.Server.Records;

/// <summary>Settings of the records API (section <c>Records</c>).</summary>
public sealed class RecordOptions
{
    public const string Section = "Records";

    /// <summary>Requests a minute each key or connection token may make to <c>/api/eam</c>, in bursts up to it.</summary>
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>How long a deleted record (unified and source) is kept before it is swept away.</summary>
    public TimeSpan KeepDeleted { get; set; } = TimeSpan.FromDays(30);

    public void EnsureValid()
    {
        if (KeepDeleted < TimeSpan.Zero)
            throw new InvalidOperationException(
                $"{Section}:{nameof(KeepDeleted)} must not be negative"
            );
        if (RequestsPerMinute < 1)
            throw new InvalidOperationException(
                $"{Section}:{nameof(RequestsPerMinute)} must be at least 1 (it is {RequestsPerMinute})"
            );
    }
}

namespace Makini.Flows.Server.Bus;

/// <summary>Configuration section <c>Events</c>: platform events on the bus.</summary>
public sealed class EventOptions
{
    public const string Section = "Events";

    /// <summary>Dispatched events are deleted this long after they were published (the hourly sweep).</summary>
    public TimeSpan KeepEvents { get; set; } = TimeSpan.FromDays(7);
}

using System.Collections.Concurrent;

namespace Makini.Flows.Connectors.Demo;

/// <summary>
/// Changes people made through the API, laid over the work orders the clock computes: from the moment of the change,
/// its fields win and the order's <c>updatedAt</c> is at least that moment. Kept in memory: they last until the
/// server restarts, and only the node that took one sees it (the demo is for trying things out).
/// </summary>
internal sealed class DemoWorkOrderEdits
{
    private readonly ConcurrentDictionary<long, Edit> _edits = new();

    private sealed record Edit(string? Priority, string? Status, DateTimeOffset? DueDate, long At);

    public void Record(long number, DemoWorkOrderChange change, long at) =>
        _edits.AddOrUpdate(
            number,
            _ => new Edit(change.Priority, change.Status, change.DueDate, at),
            (_, earlier) =>
                new Edit(
                    change.Priority ?? earlier.Priority,
                    change.Status ?? earlier.Status,
                    change.DueDate ?? earlier.DueDate,
                    at
                )
        );

    /// <summary>When the order last changed at <paramref name="now"/>, counting the edits made by then.</summary>
    public long UpdatedAt(long number, long computed, long now) =>
        _edits.TryGetValue(number, out var edit) && edit.At <= now
            ? Math.Max(computed, edit.At)
            : computed;

    public DemoWorkOrder Apply(DemoWorkOrder order, long now)
    {
        if (!_edits.TryGetValue(order.Number, out var edit) || edit.At > now)
            return order;
        var status = edit.Status ?? order.Status;
        return order with
        {
            Priority = edit.Priority ?? order.Priority,
            Status = status,
            DueDate = edit.DueDate ?? order.DueDate,
            CompletedAt =
                status != "completed" ? null : order.CompletedAt ?? DemoTimeline.Time(edit.At),
            UpdatedAt = DemoTimeline.Time(
                UpdatedAt(order.Number, DemoTimeline.Seconds(order.UpdatedAt), now)
            ),
        };
    }
}

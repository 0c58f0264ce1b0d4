using System.Collections.Concurrent;
using System.Threading.Channels;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Server.Events;

/// <summary>
/// Fans the engine's run events out to live subscribers (one bounded channel each; a subscriber too slow to
/// keep up loses its oldest events rather than slowing runs down).
/// </summary>
public sealed class RunEvents : IRunObserver
{
    private readonly ConcurrentDictionary<Channel<RunEvent>, Func<RunEvent, bool>> _subscribers =
        new();

    public Subscription Subscribe(Func<RunEvent, bool> filter)
    {
        var channel = Channel.CreateBounded<RunEvent>(
            new BoundedChannelOptions(1_000) { FullMode = BoundedChannelFullMode.DropOldest }
        );
        _subscribers[channel] = filter;
        return new Subscription(channel.Reader, () => _subscribers.TryRemove(channel, out _));
    }

    public void ActivityStarted(RunState run, JournalEntry entry)
    {
        if (entry.Sequence == 1)
            Publish(
                new RunEvent(
                    RunEvent.RunStarted,
                    run.RunId,
                    run.FlowId,
                    Status: nameof(RunStatus.Running)
                )
            );
        Publish(
            new RunEvent(
                RunEvent.ActivityStarted,
                run.RunId,
                run.FlowId,
                entry.ActivityId,
                entry.ActivityType,
                entry.Sequence,
                entry.Iteration
            )
        );
    }

    public void ActivityFinished(RunState run, JournalEntry entry) =>
        Publish(
            new RunEvent(
                entry.Error is null ? RunEvent.ActivityCompleted : RunEvent.ActivityFaulted,
                run.RunId,
                run.FlowId,
                entry.ActivityId,
                entry.ActivityType,
                entry.Sequence,
                entry.Iteration,
                entry.DurationMs,
                Error: entry.Error
            )
        );

    public void RunFinished(RunState run) =>
        Publish(
            new RunEvent(
                RunEvent.RunFinished,
                run.RunId,
                run.FlowId,
                Status: run.Status.ToString(),
                Error: run.Error?.Message
            )
        );

    private void Publish(RunEvent runEvent)
    {
        foreach (var (channel, filter) in _subscribers)
            if (filter(runEvent))
                channel.Writer.TryWrite(runEvent);
    }

    public sealed class Subscription(ChannelReader<RunEvent> reader, Action unsubscribe)
        : IDisposable
    {
        public ChannelReader<RunEvent> Reader { get; } = reader;

        public void Dispose() => unsubscribe();
    }
}

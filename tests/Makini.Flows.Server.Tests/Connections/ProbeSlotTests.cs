using Makini.Flows.Server.Connections;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Microsoft.Extensions.Options;

namespace Makini.Flows.Server.Tests.Connections;

/// <summary>A connection's probe falls half an interval away from its sync, never on the same instant.</summary>
public sealed class ProbeSlotTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    [Fact]
    public void The_probe_slot_is_half_an_interval_after_the_sync_slot()
    {
        var probes = new ConnectionProbes(
            new WorkQueue(Options.Create(new QueueOptions()), TimeProvider.System),
            Options.Create(new ConnectionOptions { ProbeInterval = Interval }),
            TimeProvider.System
        );
        var now = new DateTime(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc);
        foreach (var id in Enumerable.Range(0, 1000).Select(i => $"con_{i:D24}"))
        {
            var sync = SpreadSlots.Next(id, Interval, now);
            var probe = probes.NextDue(id, now);
            probe.ShouldBeGreaterThan(now);
            probe.ShouldBeLessThanOrEqualTo(now + Interval);
            var apart = (probe - sync).Ticks;
            (((apart % Interval.Ticks) + Interval.Ticks) % Interval.Ticks).ShouldBe(
                Interval.Ticks / 2
            );
        }
    }

    [Fact]
    public void A_shift_keeps_slots_whole_microseconds_within_the_interval()
    {
        var after = new DateTime(2026, 12, 7, 12, 0, 0, 123, DateTimeKind.Utc);
        var slot = SpreadSlots.Next("con_a", Interval, after, Interval * 1.5);
        slot.ShouldBeGreaterThan(after);
        slot.ShouldBeLessThanOrEqualTo(after + Interval);
        (slot.Ticks % 10).ShouldBe(0);
    }
}

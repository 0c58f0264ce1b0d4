using Npgsql;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// Where the sync start lag of <see cref="SyncScheduleLoad"/> comes from: the lag per 30 s of the window, and the
/// late syncs with what decided their slot (the connection's creation, its first sync, the sync before the late
/// one, whose end is the moment the server computed the next slot from).
/// </summary>
internal static class SyncLagReport
{
    private static readonly TimeSpan Bucket = TimeSpan.FromSeconds(30);
    private const double LateSeconds = 2;

    internal sealed record Start(
        string ConnectionId,
        DateTime Started,
        DateTime Slot,
        DateTime Created,
        DateTime FirstStarted,
        DateTime FirstFinished,
        DateTime? PreviousFinished,
        long Previous
    )
    {
        public double Lag => (Started - Slot).TotalSeconds;
    }

    public static async Task<List<Start>> ReadAsync(
        NpgsqlConnection db,
        TimeSpan interval,
        DateTime from,
        DateTime until
    )
    {
        var starts = new List<Start>();
        await using var command = new NpgsqlCommand(
            """
            SELECT r."ConnectionId", r."StartedAt", c."CreatedAt", f."StartedAt", f."FinishedAt",
                (SELECT max(p."FinishedAt") FROM sync_runs p
                 WHERE p."ConnectionId" = r."ConnectionId" AND p."StartedAt" < r."StartedAt"),
                (SELECT count(*) FROM sync_runs p
                 WHERE p."ConnectionId" = r."ConnectionId" AND p."StartedAt" < r."StartedAt")
            FROM sync_runs r
            JOIN connections c ON c."Id" = r."ConnectionId"
            JOIN sync_runs f ON f."ConnectionId" = r."ConnectionId" AND f."Mode" = 'backfill'
            WHERE r."Trigger" = 'schedule' AND r."Mode" = 'incremental' AND r."StartedAt" >= @from
            """,
            db
        );
        command.Parameters.AddWithValue("from", from);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var id = reader.GetString(0);
            var started = reader.GetDateTime(1);
            var slot = SyncScheduleLoad.Next(id, interval, started - interval);
            if (slot < from || slot >= until)
                continue;
            starts.Add(
                new Start(
                    id,
                    started,
                    slot,
                    reader.GetDateTime(2),
                    reader.GetDateTime(3),
                    reader.GetDateTime(4),
                    reader.IsDBNull(5) ? null : reader.GetDateTime(5),
                    reader.GetInt64(6)
                )
            );
        }
        return starts;
    }

    public static void Print(List<Start> starts, TimeSpan interval, DateTime from, DateTime origin)
    {
        Console.WriteLine(
            "lag per 30 s of the window (by slot): slots, p50 / p99 / max, late > 2 s"
        );
        foreach (
            var bucket in starts.GroupBy(s => (int)((s.Slot - from) / Bucket)).OrderBy(g => g.Key)
        )
        {
            var lags = bucket.Select(s => s.Lag).Order().ToList();
            Console.WriteLine(
                $"  +{bucket.Key * Bucket.TotalSeconds, 4:0} s: {lags.Count, 4} slots, "
                    + $"{At(lags, 0.5):0.00} / {At(lags, 0.99):0.00} / {lags[^1]:0.00} s, "
                    + $"{lags.Count(l => l > LateSeconds)} late"
            );
        }
        var late = starts.Where(s => s.Lag > LateSeconds).OrderByDescending(s => s.Lag).ToList();
        Console.WriteLine(
            $"{late.Count} late syncs; times in s after the first creation; "
                + "'server due' = the slot after the previous sync's end, as the server computes it"
        );
        double T(DateTime at) => (at - origin).TotalSeconds;
        foreach (var s in late.Take(25))
        {
            var serverDue = s.PreviousFinished is { } end
                ? SyncScheduleLoad.Next(s.ConnectionId, interval, end)
                : (DateTime?)null;
            Console.WriteLine(
                $"  {s.ConnectionId} lag {s.Lag, 6:0.00}: created {T(s.Created), 5:0}, first sync {T(s.FirstStarted), 5:0}–{T(s.FirstFinished), 5:0}, "
                    + $"slot {T(s.Slot), 5:0}, started {T(s.Started), 5:0}, runs before {s.Previous}, "
                    + $"server due {(serverDue is { } d ? T(d).ToString("0") : "-")}"
            );
        }
        if (late.Count > 0)
            Console.WriteLine(
                $"late: first sync ended {late.Average(s => (s.FirstFinished - s.Slot).TotalSeconds + interval.TotalSeconds):0} s "
                    + $"(mean) before the slot; on time: {starts.Where(s => s.Lag <= LateSeconds).Select(s => (s.FirstFinished - s.Slot).TotalSeconds + interval.TotalSeconds).DefaultIfEmpty().Average():0} s"
            );
    }

    private static double At(List<double> sorted, double p) =>
        sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
}

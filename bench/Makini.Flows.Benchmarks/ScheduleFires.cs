using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;
using Npgsql;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// The runs that schedule fires created, read back from the database: each run's input holds the fire time
/// the schedule planned (<c>scheduledAt</c>); the run row holds when it was stored (<c>CreatedAt</c>, the fire) and its
/// journal when it began executing (the trigger activity's <c>startedAt</c>, on a queue worker).
/// </summary>
internal sealed record ScheduleFire(
    string FlowId,
    DateTime ScheduledAt,
    DateTime StoredAt,
    DateTime? StartedAt,
    string Status
)
{
    /// <summary>Runs of schedule flows (ids starting with <paramref name="prefix"/>) planned at or after <paramref name="since"/>.</summary>
    public static async Task<List<ScheduleFire>> ReadAsync(
        string database,
        string prefix,
        DateTime since
    )
    {
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT "FlowId", "CreatedAt", "Status", "State" FROM runs
            WHERE "FlowId" LIKE @prefix AND "CreatedAt" >= @since
            """,
            db
        );
        command.Parameters.AddWithValue("prefix", prefix + "%");
        command.Parameters.AddWithValue("since", since);
        var fires = new List<ScheduleFire>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var state = JsonNode.Parse(CompressedRunState.Json((byte[])reader[3]))!;
            var scheduledAt = Utc(state["input"]!["scheduledAt"]!.GetValue<string>());
            if (scheduledAt < since)
                continue;
            var started = state["journal"] is JsonArray { Count: > 0 } journal
                ? Utc(journal[0]!["startedAt"]!.GetValue<string>())
                : (DateTime?)null;
            fires.Add(
                new ScheduleFire(
                    reader.GetString(0),
                    scheduledAt,
                    DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc),
                    started,
                    reader.GetString(2)
                )
            );
        }
        return fires;
    }

    private static DateTime Utc(string text) =>
        DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime;
}

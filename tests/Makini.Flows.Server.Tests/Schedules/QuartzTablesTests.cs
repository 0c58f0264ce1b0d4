using Makini.Flows.Server.Tests.Api;
using Makini.Flows.Tests.Shared;
using Npgsql;

namespace Makini.Flows.Server.Tests.Schedules;

/// <summary>A database an earlier server scheduled with Quartz.NET: its tables go at the next start.</summary>
public sealed class QuartzTablesTests(PostgresServer postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_tables_an_earlier_servers_Quartz_left_are_dropped_at_start()
    {
        var database = await postgres.CreateDatabaseAsync(cancellationToken: Ct);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(Ct);
        await using (
            var create = new NpgsqlCommand(
                """
                CREATE TABLE qrtz_job_details (sched_name text, job_name text, PRIMARY KEY (sched_name, job_name));
                CREATE TABLE qrtz_triggers (sched_name text, job_name text,
                  FOREIGN KEY (sched_name, job_name) REFERENCES qrtz_job_details);
                CREATE TABLE qrtz_locks (sched_name text, lock_name text);
                """,
                connection
            )
        )
            await create.ExecuteNonQueryAsync(Ct);

        await using var host = new ServerHost("Postgres", database);
        (await host.ClientWithKey().GetAsync("/api/flows", Ct)).EnsureSuccessStatusCode();

        await using var count = new NpgsqlCommand(
            "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'qrtz%'",
            connection
        );
        (await count.ExecuteScalarAsync(Ct)).ShouldBe(0L);
    }
}

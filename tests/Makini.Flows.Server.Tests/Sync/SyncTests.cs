using System.Text.Json.Nodes;
using Makini.Flows.Server.Tests.Api;
using Makini.Flows.Server.Tests.Connections;
using Makini.Flows.Tests.Fakes;
using Makini.Flows.Tests.Shared;
using static Makini.Flows.Server.Tests.Connections.ConnectionCalls;
using static Makini.Flows.Server.Tests.Sync.SyncCalls;

namespace Makini.Flows.Server.Tests.Sync;

/// <summary>Syncs through the server as an operator sees them: the first backfills, the next reads what changed.</summary>
public abstract class SyncTests(TestDatabases databases) : IAsyncLifetime
{
    private ServerHost _host = null!;
    private HttpClient _admin = null!;

    public ValueTask InitializeAsync()
    {
        _host = SyncingServer(databases);
        _admin = _host.ClientWithKey();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_new_connection_backfills_at_once_and_a_sync_asked_for_reads_only_what_changed()
    {
        var id = Id(await CreateAsync(_admin, DemoConnection()));

        var history = await FinishedAsync(_admin, id);
        history.Count.ShouldBe(1, history.ToJsonString());
        var first = history[0]!;
        first["status"]!.GetValue<string>().ShouldBe("completed", first.ToJsonString());
        first["mode"]!.GetValue<string>().ShouldBe("backfill");
        first["trigger"]!.GetValue<string>().ShouldBe("schedule");
        Count(first, "work-orders", "inserted").ShouldBeGreaterThan(100, first.ToJsonString());
        Count(first, "assets", "inserted").ShouldBeGreaterThan(100);
        var state = await SyncStateAsync(_admin, id);
        state["state"]!.GetValue<string>().ShouldBe("idle");
        state["lastSuccessAt"].ShouldNotBeNull();
        state["nextRunAt"]!.GetValue<DateTime>().ShouldBeGreaterThan(DateTime.UtcNow);

        await RequestAsync(_admin, id);
        var second = (await FinishedAsync(_admin, id, 2))[0]!;
        second["mode"]!.GetValue<string>().ShouldBe("incremental");
        second["trigger"]!.GetValue<string>().ShouldBe("manual");
        Count(second, "assets", "inserted").ShouldBe(0);
        Count(second, "work-orders", "unchanged")
            .ShouldBeLessThan(Count(first, "work-orders", "inserted"));

        var completed = (await EventsAsync(_host, id))
            .Where(e => e.Type == "sync.completed")
            .ToList();
        completed.Count.ShouldBe(2);
        completed[0].Data["mode"]!.GetValue<string>().ShouldBe("backfill");
        completed[0].Data["entities"]!["work-orders"]!["inserted"]!
            .GetValue<int>()
            .ShouldBe(Count(first, "work-orders", "inserted"));
    }

    [Fact]
    public async Task A_source_that_fails_gives_sync_failed_with_its_code_and_next_attempt_and_takes_the_connection_offline()
    {
        await using var fake = new MaintainXFake();
        await fake.StartAsync();
        var id = Id(await CreateAsync(_admin, MaintainX(fake)));
        (await FinishedAsync(_admin, id))[0]!["status"]!.GetValue<string>().ShouldBe("completed");

        await fake.StopAsync();
        await RequestAsync(_admin, id);
        var failed = (await FinishedAsync(_admin, id, 2))[0]!;

        failed["status"]!.GetValue<string>().ShouldBe("failed");
        failed["error"]!["code"]!.GetValue<string>().ShouldBe("CONNECTION_FAILED");
        var sent = (await EventsAsync(_host, id)).Single(e => e.Type == "sync.failed").Data;
        sent["code"]!.GetValue<string>().ShouldBe("CONNECTION_FAILED");
        sent["entity"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        sent["nextAttemptAt"]!
            .GetValue<DateTime>()
            .ShouldBeGreaterThan(DateTime.UtcNow.AddSeconds(-5));
        Status(await GetAsync(_admin, id)).ShouldBe("offline");
        (await SyncStateAsync(_admin, id))["lastError"]!["code"]!
            .GetValue<string>()
            .ShouldBe("CONNECTION_FAILED");
    }

    [Fact]
    public async Task A_sync_asked_for_while_one_runs_runs_right_after_it()
    {
        await using var fake = new MaintainXFake();
        await fake.StartAsync();
        var id = Id(await CreateAsync(_admin, MaintainX(fake)));
        (await FinishedAsync(_admin, id))[0]!["status"]!.GetValue<string>().ShouldBe("completed");

        fake.AnswerDelay = TimeSpan.FromMilliseconds(150);
        await RequestAsync(_admin, id, full: true);
        (
            await EventuallyAsync(async () =>
                (await SyncStateAsync(_admin, id))["state"]!.GetValue<string>() == "running"
            )
        ).ShouldBeTrue();
        await RequestAsync(_admin, id);
        fake.AnswerDelay = TimeSpan.Zero;

        var history = await FinishedAsync(_admin, id, 3);
        history[1]!["mode"]!.GetValue<string>().ShouldBe("full");
        history[0]!["mode"]!.GetValue<string>().ShouldBe("incremental", history.ToJsonString());
        history[0]!["trigger"]!.GetValue<string>().ShouldBe("manual");
    }

    [Fact]
    public async Task A_full_resync_marks_what_the_system_no_longer_has_deleted()
    {
        await using var fake = new MaintainXFake();
        await fake.StartAsync();
        var id = Id(await CreateAsync(_admin, MaintainX(fake)));
        var first = (await FinishedAsync(_admin, id))[0]!;
        var vendors = Count(first, "vendors", "inserted");
        vendors.ShouldBeGreaterThan(2);

        fake.Remove("vendors", v => v["id"]!.GetValue<int>() % 2 == 0).ShouldBeGreaterThan(0);
        var gone = vendors - fake.Records("vendors").Count;
        await RequestAsync(_admin, id, full: true);
        var full = (await FinishedAsync(_admin, id, 2))[0]!;

        full["mode"]!.GetValue<string>().ShouldBe("full");
        Count(full, "vendors", "deleted").ShouldBe(gone);
        Count(full, "vendors", "inserted").ShouldBe(0);
    }
}

public sealed class SyncTestsOnSqlite() : SyncTests(TestDatabases.Sqlite());

public sealed class SyncTestsOnPostgres(PostgresServer postgres)
    : SyncTests(TestDatabases.Postgres(postgres));

using Makini.Flows.Server.Tests.Api;
using Makini.Flows.Server.Tests.Connections;
using Makini.Flows.Tests.Shared;
using static Makini.Flows.Server.Tests.Connections.ConnectionCalls;
using static Makini.Flows.Server.Tests.Sync.SyncCalls;

namespace Makini.Flows.Server.Tests.Sync;

/// <summary>With <c>Sync:Scheduled</c> off, connections sync only when asked, however many times they are asked.</summary>
public abstract class ManualSyncTests(TestDatabases databases) : IAsyncLifetime
{
    private ServerHost _host = null!;
    private HttpClient _admin = null!;

    public ValueTask InitializeAsync()
    {
        _host = databases.Server(
            settings: new Dictionary<string, string> { ["Sync:Scheduled"] = "false" }
        );
        _admin = _host.ClientWithKey();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_connection_syncs_each_time_it_is_asked_and_is_never_scheduled()
    {
        var id = Id(await CreateAsync(_admin, DemoConnection()));
        (await HistoryAsync(_admin, id)).ShouldBeEmpty();

        await RequestAsync(_admin, id);
        (await FinishedAsync(_admin, id))[0]!["trigger"]!.GetValue<string>().ShouldBe("manual");
        (await SyncStateAsync(_admin, id))["nextRunAt"].ShouldBeNull();

        await RequestAsync(_admin, id);
        var history = await FinishedAsync(_admin, id, 2);
        history.Count.ShouldBe(2);
        history[0]!["trigger"]!.GetValue<string>().ShouldBe("manual");
        (await SyncStateAsync(_admin, id))["nextRunAt"].ShouldBeNull();
    }
}

public sealed class ManualSyncTestsOnSqlite() : ManualSyncTests(TestDatabases.Sqlite());

public sealed class ManualSyncTestsOnPostgres(PostgresServer postgres)
    : ManualSyncTests(TestDatabases.Postgres(postgres));

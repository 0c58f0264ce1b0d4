using Makini.Flows.Server.Connections;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Makini.Flows.Server.Tests.Api;
using Makini.Flows.Tests.Fakes;
using Makini.Flows.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Makini.Flows.Server.Tests.Connections.ConnectionCalls;

namespace Makini.Flows.Server.Tests.Connections;

/// <summary>
/// A connection that synced successfully within the probe interval is not probed (the sync checked the source):
/// the probe handler is called directly, with the source down, so only a probe that ran could see it.
/// </summary>
public abstract class ProbeAfterSyncTests(TestDatabases databases) : IAsyncLifetime
{
    private MaintainXFake _fake = null!;
    private ServerHost _host = null!;
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _fake = new MaintainXFake();
        await _fake.StartAsync();
        _host = databases.Server(
            settings: new Dictionary<string, string>
            {
                ["Connections:ProbeInterval"] = "01:00:00",
                ["Sync:Scheduled"] = "true",
            }
        );
        _admin = _host.ClientWithKey();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _fake.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_connection_synced_within_the_interval_is_not_probed_one_synced_before_is()
    {
        var id = Id(await CreateAsync(_admin, MaintainX(_fake)));
        (
            await EventuallyAsync(() =>
                InDatabaseAsync(
                    _host,
                    db =>
                        db.ConnectionSyncs.AnyAsync(
                            s => s.ConnectionId == id && s.LastSuccessAt != null,
                            Ct
                        )
                )
            )
        ).ShouldBeTrue();
        await _fake.StopAsync();

        await ProbeAsync(id);
        Status(await GetAsync(_admin, id)).ShouldBe("online");

        await InDatabaseAsync(
            _host,
            db =>
                db.ConnectionSyncs.Where(s => s.ConnectionId == id)
                    .ExecuteUpdateAsync(
                        set => set.SetProperty(s => s.LastSuccessAt, DateTime.UtcNow.AddHours(-2)),
                        Ct
                    )
        );
        await ProbeAsync(id);
        Status(await GetAsync(_admin, id)).ShouldBe("offline");
    }

    private async Task ProbeAsync(string connectionId)
    {
        var item = await InDatabaseAsync(
            _host,
            db =>
                db.WorkItems.AsNoTracking()
                    .FirstAsync(w => w.DedupKey == ConnectionProbes.DedupKey(connectionId), Ct)
        );
        await using var scope = _host.Services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<ConnectionProbeHandler>();
        await handler.HandleBatchAsync([item], "test-node", Ct);
    }
}

public sealed class ProbeAfterSyncTestsOnSqlite() : ProbeAfterSyncTests(TestDatabases.Sqlite());

public sealed class ProbeAfterSyncTestsOnPostgres(PostgresServer postgres)
    : ProbeAfterSyncTests(TestDatabases.Postgres(postgres));

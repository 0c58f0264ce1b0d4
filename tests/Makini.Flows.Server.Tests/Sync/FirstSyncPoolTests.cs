using Makini.Flows.Server.Queue;
using Makini.Flows.Server.Tests.Api;
using Makini.Flows.Server.Tests.Connections;
using Makini.Flows.Tests.Fakes;
using Microsoft.EntityFrameworkCore;
using static Makini.Flows.Server.Tests.Connections.ConnectionCalls;
using static Makini.Flows.Server.Tests.Sync.SyncCalls;

namespace Makini.Flows.Server.Tests.Sync;

/// <summary>
/// First syncs of new connections have a pool of their own: while a burst of them waits, an existing
/// connection's sync still runs, and a connection's item joins the recurring syncs after its first success.
/// </summary>
public sealed class FirstSyncPoolTests : IAsyncLifetime
{
    private const int NewConnections = 3;

    private readonly ServerHost _host = TestDatabases
        .Sqlite()
        .Server(
            settings: new Dictionary<string, string>
            {
                ["Sync:Scheduled"] = "true",
                ["Sync:FirstSyncParallelism"] = "1",
            }
        );
    private readonly MaintainXFake _slowSource = new();

    public async ValueTask InitializeAsync() => await _slowSource.StartAsync();

    public async ValueTask DisposeAsync()
    {
        _slowSource.AnswerDelay = TimeSpan.Zero;
        await _host.DisposeAsync();
        await _slowSource.DisposeAsync();
    }

    [Fact]
    public async Task An_existing_connection_syncs_while_new_connections_wait_for_their_first_sync()
    {
        var admin = _host.ClientWithKey();
        var existing = Id(await CreateAsync(admin, MaintainX(_slowSource, "Existing")));
        await FinishedAsync(admin, existing);
        (await KindAsync(existing)).ShouldBe(WorkKinds.ConnectionSync);

        _slowSource.AnswerDelay = TimeSpan.FromMilliseconds(300);
        var created = new List<string>();
        for (var i = 0; i < NewConnections; i++)
            created.Add(Id(await CreateAsync(admin, MaintainX(_slowSource, $"New {i}"))));
        await RequestAsync(admin, existing);
        await FinishedAsync(admin, existing, finished: 2);

        var firstSyncsDone = 0;
        foreach (var id in created)
            if (
                (await HistoryAsync(admin, id)).Any(r =>
                    r!["status"]!.GetValue<string>() == "completed"
                )
            )
                firstSyncsDone++;
        firstSyncsDone.ShouldBeLessThan(
            NewConnections,
            "the existing connection's sync should not wait for every first sync"
        );
        (await KindAsync(created[^1])).ShouldBe(WorkKinds.ConnectionFirstSync);
    }

    private Task<string> KindAsync(string connectionId) =>
        InDatabaseAsync(
            _host,
            db =>
                db.WorkItems.Where(w => w.DedupKey == "sync:" + connectionId)
                    .Select(w => w.Kind)
                    .SingleAsync(TestContext.Current.CancellationToken)
        );
}

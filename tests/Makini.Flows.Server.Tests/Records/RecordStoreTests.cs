using System.Text.Json.Nodes;
using Makini.Flows.Server.Records;
using Makini.Flows.Server.Tests.Connections;
using Makini.Flows.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Makini.Flows.Server.Tests.Records.TestRecords;

namespace Makini.Flows.Server.Tests.Records;

/// <summary>The records store: what a sync's pages change, and what they leave alone.</summary>
public abstract class RecordStoreTests(TestDatabases databases) : IAsyncLifetime
{
    private static readonly DateTime T0 = new(2024, 3, 1, 8, 0, 0, DateTimeKind.Utc);
    private RecordRig _rig = null!;
    private string _connection = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _rig = RecordRig.Start(databases);
        _connection = await _rig.AddConnectionAsync("Plant Gent");
    }

    public async ValueTask DisposeAsync()
    {
        await _rig.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_page_inserts_new_records_touches_unchanged_ones_and_replaces_changed_ones()
    {
        var a = Of(WorkOrder("WO-1", "Replace seal", "Open", "open", "2024-03-01T08:00:00Z"));
        var b = Of(WorkOrder("WO-2", "Inspect belt", "Open", "open", "2024-03-01T09:00:00Z"));
        var c = Of(WorkOrder("WO-3", "Lubricate", "Open", "open", "2024-03-01T10:00:00Z"));

        var first = await _rig.UpsertAsync(_connection, "work-orders", [a, b, c], T0);
        var again = await _rig.UpsertAsync(
            _connection,
            "work-orders",
            [a, b, c],
            T0.AddMinutes(15)
        );
        var changedB = Of(
            WorkOrder("WO-2", "Inspect belt", "Done", "done", "2024-03-01T11:00:00Z")
        );
        var third = await _rig.UpsertAsync(
            _connection,
            "work-orders",
            [a, changedB],
            T0.AddMinutes(30)
        );

        first
            .Select(c => (c.Kind, c.Key))
            .ShouldBe([
                (RecordChangeKind.Inserted, "WO-1"),
                (RecordChangeKind.Inserted, "WO-2"),
                (RecordChangeKind.Inserted, "WO-3"),
            ]);
        first.ShouldAllBe(change => change.Entity == "work-orders");
        first[0].Unified["title"]!.GetValue<string>().ShouldBe("Replace seal");
        again.ShouldBeEmpty();
        third.ShouldHaveSingleItem().Kind.ShouldBe(RecordChangeKind.Updated);
        third[0].Unified["statusKey"]!.GetValue<string>().ShouldBe("done");

        var stored = await StoredAsync();
        stored.Select(r => r.Key).ShouldBe(["WO-1", "WO-2", "WO-3"]);
        stored.ShouldAllBe(r => r.FirstSeen == T0);
        stored[0].LastSeen.ShouldBe(T0.AddMinutes(30));
        stored[2].LastSeen.ShouldBe(T0.AddMinutes(15));
        stored[1].StatusKey.ShouldBe("done");
        stored[1].UpdatedAt.ShouldBe(new DateTime(2024, 3, 1, 11, 0, 0, DateTimeKind.Utc));
        stored[1].Hash.ShouldBe(changedB.Hash);
        JsonNode.Parse(stored[1].Data)!["status"]!.GetValue<string>().ShouldBe("Done");
        JsonNode.Parse(stored[1].Raw)!["id"]!.GetValue<string>().ShouldBe("WO-2");
        stored.ShouldAllBe(r => r.SourceKey == "src-" + r.Key && r.DeletedAt == null);
        await CountsShouldBeExactAsync();
    }

    [Fact]
    public async Task A_record_reported_deleted_is_marked_so_once_and_comes_back_as_an_update()
    {
        var order = WorkOrder("WO-1", "Replace seal", "Open", "open", "2024-03-01T08:00:00Z");
        await _rig.UpsertAsync(_connection, "work-orders", [Of(order)], T0);
        var deletedAt = new DateTime(2024, 3, 2, 0, 0, 0, DateTimeKind.Utc);

        var deleted = await _rig.UpsertAsync(
            _connection,
            "work-orders",
            [Of(order, deletedAt)],
            T0.AddHours(1)
        );
        var deletedAgain = await _rig.UpsertAsync(
            _connection,
            "work-orders",
            [Of(order, deletedAt)],
            T0.AddHours(2)
        );
        var whileDeleted = await StoredAsync();
        var liveWhileDeleted = await _rig.InDatabaseAsync(db =>
            db.RecordCounts.Where(c => c.ConnectionId == _connection).SumAsync(c => c.Live, Ct)
        );
        var back = await _rig.UpsertAsync(_connection, "work-orders", [Of(order)], T0.AddHours(3));

        deleted.ShouldHaveSingleItem().Kind.ShouldBe(RecordChangeKind.Deleted);
        deleted[0].Key.ShouldBe("WO-1");
        deletedAgain.ShouldBeEmpty();
        whileDeleted.ShouldHaveSingleItem().DeletedAt.ShouldBe(deletedAt);
        liveWhileDeleted.ShouldBe(0);
        whileDeleted[0].LastSeen.ShouldBe(T0.AddHours(2));
        back.ShouldHaveSingleItem().Kind.ShouldBe(RecordChangeKind.Updated);
        (await StoredAsync()).ShouldHaveSingleItem().DeletedAt.ShouldBeNull();
        await CountsShouldBeExactAsync();
    }

    [Fact]
    public async Task A_record_first_seen_deleted_is_not_stored_and_a_key_twice_in_a_page_counts_once()
    {
        var gone = Of(
            WorkOrder("WO-9", "Old job", "Closed", "closed", "2023-01-01T00:00:00Z"),
            new DateTime(2023, 2, 1, 0, 0, 0, DateTimeKind.Utc)
        );
        var early = Of(WorkOrder("WO-1", "Replace seal", "Open", "open", "2024-03-01T08:00:00Z"));
        var later = Of(WorkOrder("WO-1", "Replace seal", "Done", "done", "2024-03-01T09:00:00Z"));

        var changes = await _rig.UpsertAsync(_connection, "work-orders", [gone, early, later], T0);

        changes.ShouldHaveSingleItem().Kind.ShouldBe(RecordChangeKind.Inserted);
        changes[0].Unified["status"]!.GetValue<string>().ShouldBe("Done");
        (await StoredAsync()).ShouldHaveSingleItem().StatusKey.ShouldBe("done");
        await CountsShouldBeExactAsync();
    }

    [Fact]
    public async Task Reconciliation_deletes_the_records_a_full_resync_did_not_see()
    {
        var orders = Enumerable
            .Range(1, 4)
            .Select(i =>
                Of(WorkOrder($"WO-{i}", $"Job {i}", "Open", "open", "2024-03-01T08:00:00Z"))
            )
            .ToList();
        await _rig.UpsertAsync(_connection, "work-orders", orders, T0);
        await _rig.UpsertAsync(
            _connection,
            "assets",
            [Of(new JsonObject { ["key"] = "A-1", ["name"] = "Pump" })],
            T0
        );
        var resync = T0.AddDays(1);
        await _rig.UpsertAsync(_connection, "work-orders", [orders[0], orders[2]], resync);

        var store = _rig.Host.Services.GetRequiredService<RecordStore>();
        var reconciled = await _rig.InDatabaseAsync(db =>
            store.DeleteUnseenAsync(db, _connection, "work-orders", resync, Ct)
        );
        var again = await _rig.InDatabaseAsync(db =>
            store.DeleteUnseenAsync(db, _connection, "work-orders", resync, Ct)
        );

        reconciled
            .Select(c => (c.Kind, c.Key))
            .OrderBy(c => c.Key)
            .ShouldBe([(RecordChangeKind.Deleted, "WO-2"), (RecordChangeKind.Deleted, "WO-4")]);
        reconciled.ShouldAllBe(c => c.Unified["deletedAt"] != null && c.Unified["title"] != null);
        again.ShouldBeEmpty();
        var stored = await StoredAsync();
        stored.Where(r => r.DeletedAt != null).Select(r => r.Key).ShouldBe(["WO-2", "WO-4"]);
        (await StoredAsync("assets")).ShouldHaveSingleItem().DeletedAt.ShouldBeNull();
        await CountsShouldBeExactAsync();
    }

    [Fact]
    public async Task Without_touching_unchanged_records_are_not_written_but_changed_ones_still_are()
    {
        var a = Of(WorkOrder("WO-1", "Replace seal", "Open", "open", "2024-03-01T08:00:00Z"));
        var b = Of(WorkOrder("WO-2", "Inspect belt", "Open", "open", "2024-03-01T09:00:00Z"));
        await _rig.UpsertAsync(_connection, "work-orders", [a, b], T0);
        var changedB = Of(
            WorkOrder("WO-2", "Inspect belt", "Done", "done", "2024-03-01T11:00:00Z")
        );

        var changes = await _rig.UpsertAsync(
            _connection,
            "work-orders",
            [a, changedB],
            T0.AddMinutes(15),
            touchUnchanged: false
        );

        changes.ShouldHaveSingleItem().Key.ShouldBe("WO-2");
        var stored = await StoredAsync();
        stored[0].LastSeen.ShouldBe(T0);
        stored[1].LastSeen.ShouldBe(T0.AddMinutes(15));
        await CountsShouldBeExactAsync();
    }

    [Fact]
    public async Task The_store_writes_in_the_callers_transaction()
    {
        var store = _rig.Host.Services.GetRequiredService<RecordStore>();
        await using (var scope = _rig.Host.Services.CreateAsyncScope())
        {
            var db =
                scope.ServiceProvider.GetRequiredService<Makini.Flows.Server.Infrastructure.FlowsDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            var changes = await store.UpsertAsync(
                db,
                _connection,
                "work-orders",
                [Of(WorkOrder("WO-1", "Replace seal", "Open", "open", "2024-03-01T08:00:00Z"))],
                T0,
                touchUnchanged: true,
                Ct
            );
            changes.ShouldHaveSingleItem();
            await transaction.RollbackAsync(Ct);
        }

        (await StoredAsync()).ShouldBeEmpty();
        (
            await _rig.InDatabaseAsync(db =>
                db.RecordCounts.CountAsync(c => c.ConnectionId == _connection, Ct)
            )
        ).ShouldBe(0);
    }

    [Fact]
    public async Task A_large_page_is_written_whole_and_its_records_go_with_their_connection()
    {
        var page = Enumerable
            .Range(1, 2500)
            .Select(i =>
                Of(
                    WorkOrder(
                        $"WO-{i:D5}",
                        $"Job {i} – Ölpumpe 'quoted' \"x\"",
                        "Open",
                        "open",
                        "2024-03-01T08:00:00Z"
                    )
                )
            )
            .ToList();
        var other = await _rig.AddConnectionAsync("Plant Lyon");
        await _rig.UpsertAsync(other, "work-orders", page.Take(10).ToList(), T0);

        var inserted = await _rig.UpsertAsync(_connection, "work-orders", page, T0);
        var unchanged = await _rig.UpsertAsync(_connection, "work-orders", page, T0.AddHours(1));

        inserted.Count.ShouldBe(2500);
        unchanged.ShouldBeEmpty();
        await CountsShouldBeExactAsync();
        var stored = await StoredAsync();
        stored.Count.ShouldBe(2500);
        stored.ShouldAllBe(r => r.LastSeen == T0.AddHours(1));
        JsonNode.Parse(stored[0].Data)!["title"]!
            .GetValue<string>()
            .ShouldBe("Job 1 – Ölpumpe 'quoted' \"x\"");

        await _rig.InDatabaseAsync(async db =>
        {
            await _rig
                .Host.Services.GetRequiredService<RecordStore>()
                .DeleteConnectionAsync(db, _connection, Ct);
            return 0;
        });
        (await StoredAsync()).ShouldBeEmpty();
        (await _rig.Admin.DeleteAsync($"/api/connections/{other}", Ct)).EnsureSuccessStatusCode();
        (
            await _rig.InDatabaseAsync(db =>
                db.Records.CountAsync(r => r.ConnectionId == other, Ct)
            )
        ).ShouldBe(0);
        (
            await _rig.InDatabaseAsync(db =>
                db.RecordCounts.CountAsync(c => c.ConnectionId == other, Ct)
            )
        ).ShouldBe(0);
    }

    [Fact]
    public async Task Records_deleted_longer_ago_than_kept_are_swept_with_their_source_records()
    {
        var now = DateTime.UtcNow;
        var orders = Enumerable
            .Range(1, 3)
            .Select(i => WorkOrder($"WO-{i}", $"Job {i}", "Open", "open", "2024-03-01T08:00:00Z"))
            .ToList();
        await _rig.UpsertAsync(_connection, "work-orders", [.. orders.Select(o => Of(o))], T0);
        await _rig.UpsertAsync(
            _connection,
            "work-orders",
            [Of(orders[0], now.AddDays(-31)), Of(orders[1], now.AddDays(-29))],
            T0.AddHours(1)
        );

        var swept = await _rig.Host.Services.GetRequiredService<RecordRetention>().SweepAsync(Ct);

        swept.ShouldBeGreaterThanOrEqualTo(1);
        var stored = await StoredAsync();
        stored
            .Select(r => (r.Key, Deleted: r.DeletedAt != null))
            .ShouldBe([("WO-2", true), ("WO-3", false)]);
        await CountsShouldBeExactAsync();
    }

    /// <summary>The kept counts per status are what counting the live records gives.</summary>
    private async Task CountsShouldBeExactAsync()
    {
        var kept = await _rig.InDatabaseAsync(db =>
            db.RecordCounts.AsNoTracking()
                .Where(c => c.ConnectionId == _connection && c.Live != 0)
                .Select(c => new
                {
                    c.Entity,
                    Status = c.HasStatus ? c.StatusKey : null,
                    c.Live,
                })
                .ToListAsync(Ct)
        );
        var counted = await _rig.InDatabaseAsync(db =>
            db.Records.AsNoTracking()
                .Where(r => r.ConnectionId == _connection && r.DeletedAt == null)
                .GroupBy(r => new { r.Entity, r.StatusKey })
                .Select(g => new
                {
                    g.Key.Entity,
                    Status = g.Key.StatusKey,
                    Live = (long)g.Count(),
                })
                .ToListAsync(Ct)
        );
        kept.OrderBy(c => c.Entity)
            .ThenBy(c => c.Status)
            .ShouldBe(counted.OrderBy(c => c.Entity).ThenBy(c => c.Status));
    }

    private Task<List<StoredRecord>> StoredAsync(string entity = "work-orders") =>
        _rig.InDatabaseAsync(db =>
            db.Records.AsNoTracking()
                .Where(r => r.ConnectionId == _connection && r.Entity == entity)
                .OrderBy(r => r.Key)
                .ToListAsync(Ct)
        );
}

public sealed class RecordStoreTestsOnSqlite() : RecordStoreTests(TestDatabases.Sqlite());

public sealed class RecordStoreTestsOnPostgres(PostgresServer postgres)
    : RecordStoreTests(TestDatabases.Postgres(postgres));

using System.Text.Json.Nodes;
using Makini.Flows.Server.Tests.Connections;
using Makini.Flows.Tests.Shared;
using static Makini.Flows.Server.Tests.Records.TestRecords;

namespace Makini.Flows.Server.Tests.Records;

/// <summary>
/// One server with two connections' records, shared by the records API tests (which only read): Plant Gent's work
/// orders (six live, one deleted), inventories, assets, users and sites; one work order of Plant Lyon.
/// </summary>
public abstract class RecordsApiFixture(TestDatabases databases) : IAsyncLifetime
{
    public RecordRig Rig { get; private set; } = null!;
    public string Gent { get; private set; } = null!;
    public string Lyon { get; private set; } = null!;
    public string GentToken { get; private set; } = null!;
    public string LyonToken { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Rig = RecordRig.Start(databases);
        Gent = await Rig.AddConnectionAsync("Plant Gent");
        Lyon = await Rig.AddConnectionAsync("Plant Lyon");
        GentToken = await Rig.TokenAsync(Gent);
        LyonToken = await Rig.TokenAsync(Lyon);

        await Rig.UpsertAsync(
            Gent,
            "work-orders",
            [
                Of(
                    WorkOrder(
                        "WO-001",
                        "Replace pump seal",
                        "Open",
                        "open",
                        "2024-03-05T10:00:00Z",
                        "2024-03-01T08:00:00Z",
                        "high"
                    )
                ),
                Of(
                    WorkOrder(
                        "WO-002",
                        "Inspect conveyor belt",
                        "Open",
                        "open",
                        "2024-03-04T10:00:00Z",
                        "2024-03-02T12:30:00Z",
                        "low"
                    )
                ),
                Of(
                    WorkOrder(
                        "WO-003",
                        "Lubricate bearings",
                        "In progress",
                        "in_progress",
                        "2024-03-06T10:00:00Z",
                        "2024-03-03T00:00:00Z"
                    )
                ),
                Of(
                    WorkOrder(
                        "WO-004",
                        "PUMP alignment check",
                        "Completed",
                        "done",
                        "2024-03-01T10:00:00Z",
                        "2024-02-28T09:00:00Z",
                        "high"
                    )
                ),
                Of(
                    WorkOrder(
                        "WO-005",
                        "Calibrate sensor 50%_off",
                        "On hold",
                        "on_hold",
                        "2024-03-07T10:00:00Z",
                        severity: "low"
                    )
                ),
                Of(
                    WorkOrder(
                        "WO-006",
                        "Check 50 bolts offset",
                        "Open",
                        "open",
                        "2024-03-02T10:00:00Z",
                        "2024-03-10T00:00:00+02:00",
                        "critical"
                    )
                ),
                Of(
                    WorkOrder(
                        "WO-007",
                        "Cancelled job",
                        "Cancelled",
                        "cancelled",
                        "2024-03-03T10:00:00Z"
                    )
                ),
            ]
        );
        await Rig.UpsertAsync(
            Gent,
            "work-orders",
            [
                Of(
                    WorkOrder(
                        "WO-007",
                        "Cancelled job",
                        "Cancelled",
                        "cancelled",
                        "2024-03-03T10:00:00Z"
                    ),
                    DateTime.UtcNow
                ),
            ]
        );
        await Rig.UpsertAsync(
            Lyon,
            "work-orders",
            [Of(WorkOrder("WO-101", "Replace pump seal", "Open", "open", "2024-03-05T10:00:00Z"))]
        );
        await Rig.UpsertAsync(
            Gent,
            "inventories",
            [
                Of(Inventory("INV-9", 9)),
                Of(Inventory("INV-10", 10)),
                Of(Inventory("INV-100", 100)),
                Of(Inventory("INV-TEXT", "12")),
                Of(new JsonObject { ["key"] = "INV-NONE", ["name"] = "Unknown stock" }),
            ]
        );
        await Rig.UpsertAsync(
            Gent,
            "assets",
            [
                Of(
                    new JsonObject
                    {
                        ["key"] = "A-1",
                        ["name"] = "Pump P-101",
                        ["isActive"] = true,
                    }
                ),
                Of(
                    new JsonObject
                    {
                        ["key"] = "A-2",
                        ["name"] = "Old press",
                        ["isActive"] = false,
                    }
                ),
            ]
        );
        await Rig.UpsertAsync(
            Gent,
            "users",
            [
                Of(
                    new JsonObject
                    {
                        ["key"] = "U-1",
                        ["name"] = "Ann",
                        ["siteKeys"] = new JsonArray("SITE-1"),
                    }
                ),
                Of(
                    new JsonObject
                    {
                        ["key"] = "U-2",
                        ["name"] = "Bob",
                        ["siteKeys"] = new JsonArray("SITE-1", "SITE-2"),
                    }
                ),
            ]
        );
        await Rig.UpsertAsync(
            Gent,
            "sites",
            [
                Of(
                    new JsonObject
                    {
                        ["key"] = "SITE-1",
                        ["name"] = "Gent",
                        ["address"] = new JsonObject { ["city"] = "Gent" },
                    }
                ),
                Of(
                    new JsonObject
                    {
                        ["key"] = "SITE-2",
                        ["name"] = "Lyon",
                        ["address"] = new JsonObject { ["city"] = "Lyon" },
                    }
                ),
            ]
        );
    }

    public async ValueTask DisposeAsync()
    {
        await Rig.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private static JsonObject Inventory(string key, JsonNode quantity) =>
        new()
        {
            ["key"] = key,
            ["name"] = "Bearing 6204",
            ["quantity"] = quantity,
            ["updatedAt"] = "2024-03-01T00:00:00Z",
        };
}

public sealed class SqliteRecordsApiFixture() : RecordsApiFixture(TestDatabases.Sqlite());

public sealed class PostgresRecordsApiFixture(PostgresServer postgres)
    : RecordsApiFixture(TestDatabases.Postgres(postgres));

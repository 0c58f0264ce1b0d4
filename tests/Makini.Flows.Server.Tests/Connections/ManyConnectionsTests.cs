using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Server.Connections;
using Makini.Flows.Server.Connectors;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Makini.Flows.Server.Tests.Api;
using Makini.Flows.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makini.Flows.Server.Tests.Connections;

/// <summary>10,000 connections stored directly in the database: the list pages, and their probes are spread over the interval.</summary>
public abstract class ManyConnectionsTests(TestDatabases databases) : IAsyncLifetime
{
    private const int Count = 10_000;
    private static readonly TimeSpan Interval = TimeSpan.FromDays(1);
    private ServerHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _host = databases.Server(
            settings: new Dictionary<string, string>
            {
                ["Connections:ProbeInterval"] = "1.00:00:00",
            }
        );
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Ten_thousand_connections_list_in_pages_and_their_probes_are_spread_over_the_interval()
    {
        var admin = _host.ClientWithKey();
        var start = DateTime.UtcNow;
        await InsertAsync();

        await _host.Services.GetRequiredService<ProbeReconciler>().ReconcileAsync(Ct);

        var due = await ConnectionCalls.InDatabaseAsync(
            _host,
            db =>
                db.WorkItems.Where(w => w.Kind == WorkKinds.ConnectionProbe)
                    .Select(w => w.AvailableAt)
                    .ToListAsync(Ct)
        );
        due.Count.ShouldBe(Count);
        due.ShouldAllBe(at => at > start && at <= DateTime.UtcNow + Interval);
        // Ten equal slices of the interval from now each hold about a tenth of the probes.
        var slices = due.GroupBy(at =>
                (int)((at - start).Ticks * 10 / (Interval.Ticks + TimeSpan.FromMinutes(1).Ticks))
            )
            .ToDictionary(g => g.Key, g => g.Count());
        slices.Keys.Order().ShouldBe(Enumerable.Range(0, 10));
        slices.Values.ShouldAllBe(count => count > 850 && count < 1150);
        var scheduled = await ConnectionCalls.InDatabaseAsync(
            _host,
            db => db.Connections.CountAsync(c => c.NextProbeAt != null, Ct)
        );
        scheduled.ShouldBe(Count);

        var page = await admin.GetFromJsonAsync<JsonObject>(
            "/api/connections?per_page=100&page=37",
            Ct
        );
        var last = await admin.GetFromJsonAsync<JsonObject>(
            "/api/connections?per_page=100&page=100&sort=name",
            Ct
        );
        var found = await admin.GetFromJsonAsync<JsonObject>(
            "/api/connections?search=plant%2007777",
            Ct
        );
        page!["data"]!.AsArray().Count.ShouldBe(100);
        page["meta"]!["total"]!.GetValue<int>().ShouldBe(Count);
        page["meta"]!["last_page"]!.GetValue<int>().ShouldBe(100);
        page["meta"]!["from"]!.GetValue<int>().ShouldBe(3601);
        last!["data"]![99]!["name"]!.GetValue<string>().ShouldBe("Plant 09999");
        found!["data"]!.AsArray().Single()!["name"]!.GetValue<string>().ShouldBe("Plant 07777");
    }

    private async Task InsertAsync()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        var manifest = scope
            .ServiceProvider.GetRequiredService<InstalledConnectors>()
            .Find("maintainx")!;
        var credentials = scope.ServiceProvider.GetRequiredService<ConnectionCredentials>();
        var template = new ConnectionRecord
        {
            Id = "",
            Name = "",
            ConnectorId = manifest.Id,
            ProtectedCredentials = "",
            PublicCredentialsJson = "",
            MetadataJson = "{}",
            Status = ConnectionStatuses.Online,
        };
        credentials.Store(
            template,
            manifest,
            new Dictionary<string, string>
            {
                ["instanceUrl"] = "http://127.0.0.1:9/v1",
                ["apiKey"] = "mx_live_inserted",
            }
        );
        var now = DateTime.UtcNow;
        for (var i = 0; i < Count; i++)
        {
            db.Connections.Add(
                new ConnectionRecord
                {
                    Id = $"con_{Guid.NewGuid():N}"[..28],
                    Name = $"Plant {i:D5}",
                    ConnectorId = manifest.Id,
                    ProtectedCredentials = template.ProtectedCredentials,
                    PublicCredentialsJson = template.PublicCredentialsJson,
                    MetadataJson = "{}",
                    Status = ConnectionStatuses.Online,
                    StatusChangedAt = now,
                    ConnectedAt = now,
                    CreatedAt = now.AddMilliseconds(i),
                    UpdatedAt = now,
                }
            );
            if ((i + 1) % 2000 == 0)
            {
                await db.SaveChangesAsync(Ct);
                db.ChangeTracker.Clear();
            }
        }
    }
}

public sealed class ManyConnectionsTestsOnSqlite() : ManyConnectionsTests(TestDatabases.Sqlite());

public sealed class ManyConnectionsTestsOnPostgres(PostgresServer postgres)
    : ManyConnectionsTests(TestDatabases.Postgres(postgres));

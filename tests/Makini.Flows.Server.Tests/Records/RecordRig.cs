using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Unified;
using Makini.Flows.Server.Connections;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Records;
using Makini.Flows.Server.Tests.Api;
using Makini.Flows.Server.Tests.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace Makini.Flows.Server.Tests.Records;

/// <summary>
/// A server for the records tests: connections stored directly (disabled, so nothing probes them), tokens made
/// through the API, records written through the server's own <see cref="RecordStore"/>.
/// </summary>
public sealed class RecordRig(ServerHost host) : IAsyncDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ServerHost Host { get; } = host;
    public HttpClient Admin { get; } = host.ClientWithKey();

    public static RecordRig Start(
        TestDatabases databases,
        IReadOnlyDictionary<string, string>? settings = null
    )
    {
        var all = new Dictionary<string, string> { ["Logging:LogLevel:Default"] = "Warning" };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
            all[name] = value;
        return new(databases.Server(settings: all));
    }

    public async Task<string> AddConnectionAsync(string name)
    {
        var id = "con_" + Guid.NewGuid().ToString("N")[..24];
        await InDatabaseAsync(async db =>
        {
            var now = DateTime.UtcNow;
            db.Connections.Add(
                new ConnectionRecord
                {
                    Id = id,
                    Name = name,
                    ConnectorId = "demo-cmms",
                    ProtectedCredentials = "",
                    PublicCredentialsJson = "{}",
                    MetadataJson = "{}",
                    Status = ConnectionStatuses.Disabled,
                    StatusChangedAt = now,
                    ConnectedAt = now,
                    CreatedAt = now,
                    UpdatedAt = now,
                }
            );
            await db.SaveChangesAsync(Ct);
            return 0;
        });
        return id;
    }

    /// <summary>A connection token of the connection, made through the API.</summary>
    public async Task<string> TokenAsync(string connectionId)
    {
        var created = await Admin.PostAsJsonAsync(
            $"/api/connections/{connectionId}/tokens",
            new { name = "records test" },
            Ct
        );
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))![
            "token"
        ]!.GetValue<string>();
    }

    public HttpClient Client(string key) => Host.ClientWithKey(key);

    /// <summary>An admin client naming the connection in X-Connection-Id.</summary>
    public HttpClient AdminOf(string connectionId)
    {
        var client = Host.ClientWithKey();
        client.DefaultRequestHeaders.Add("X-Connection-Id", connectionId);
        return client;
    }

    public Task<IReadOnlyList<RecordChange>> UpsertAsync(
        string connectionId,
        string entity,
        IReadOnlyList<ProjectedRecord> page,
        DateTime? seenAt = null,
        bool touchUnchanged = true
    ) =>
        InDatabaseAsync(db =>
            Host.Services.GetRequiredService<RecordStore>()
                .UpsertAsync(
                    db,
                    connectionId,
                    entity,
                    page,
                    seenAt ?? DateTime.UtcNow,
                    touchUnchanged,
                    Ct
                )
        );

    public Task<T> InDatabaseAsync<T>(Func<FlowsDbContext, Task<T>> work) =>
        ConnectionCalls.InDatabaseAsync(Host, work);

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>Projected records made by hand, as the unified projection would hand them to the store.</summary>
public static class TestRecords
{
    public static ProjectedRecord Of(
        JsonObject unified,
        DateTime? deletedAt = null,
        string? raw = null
    )
    {
        var key = unified["key"]!.GetValue<string>();
        var rawJson = raw ?? new JsonObject { ["id"] = key, ["source"] = "test" }.ToJsonString();
        var hash = Convert.ToHexStringLower(
            SHA256.HashData(Encoding.UTF8.GetBytes(unified.ToJsonString() + "\n" + rawJson))
        );
        DateTime? updatedAt = unified["updatedAt"] is JsonValue value
            ? DateTime.Parse(
                value.GetValue<string>(),
                System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AdjustToUniversal
            )
            : null;
        return new ProjectedRecord("src-" + key, key, unified, rawJson, hash, updatedAt, deletedAt);
    }

    public static JsonObject WorkOrder(
        string key,
        string title,
        string status,
        string statusKey,
        string updatedAt,
        string? dueAt = null,
        string severity = "medium"
    )
    {
        var order = new JsonObject
        {
            ["key"] = key,
            ["title"] = title,
            ["status"] = status,
            ["statusKey"] = statusKey,
            ["severity"] = severity,
            ["siteKey"] = "SITE-1",
            ["createdAt"] = "2024-01-01T00:00:00Z",
            ["updatedAt"] = updatedAt,
        };
        if (dueAt is not null)
            order["dueAt"] = dueAt;
        return order;
    }
}

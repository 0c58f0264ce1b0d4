using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Tests.Api;
using Makini.Flows.Tests.Fakes;
using Makini.Flows.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Makini.Flows.Server.Tests.Connections;

/// <summary>Where a test's servers keep their data: a fresh database for each server, on one provider.</summary>
public sealed class TestDatabases(string provider, Func<string> newDatabase)
{
    public string Provider => provider;

    public static TestDatabases Sqlite() =>
        new(
            "Sqlite",
            () =>
                $"Data Source={Path.Combine(Path.GetTempPath(), $"makini-connections-{Guid.NewGuid():N}.db")}"
        );

    public static TestDatabases Postgres(PostgresServer postgres) =>
        new(
            "Postgres",
            () =>
                postgres
                    .CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken)
                    .GetAwaiter()
                    .GetResult()
        );

    /// <summary>
    /// A server on a fresh database whose connector calls are tried once (an unreachable source is offline at
    /// once), logging everything at Debug into <paramref name="log"/>.
    /// </summary>
    public ServerHost Server(
        CapturedLog? log = null,
        IReadOnlyDictionary<string, string>? settings = null
    )
    {
        var all = new Dictionary<string, string>
        {
            ["Connectors:MaxAttempts"] = "1",
            // Connection tests watch the source's requests: no sync of their own unless a test asks for one.
            ["Sync:Scheduled"] = "false",
            ["Connectors:RequestTimeout"] = "00:00:05",
            ["Logging:LogLevel:Default"] = "Debug",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
            all[name] = value;
        return new ServerHost(
            provider,
            newDatabase(),
            all,
            services =>
            {
                if (log is not null)
                    services.AddSingleton<ILoggerProvider>(log);
            }
        );
    }
}

/// <summary>What the connection tests do through the API and look at in the database.</summary>
public static class ConnectionCalls
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static object MaintainX(
        MaintainXFake fake,
        string name = "Plant Gent",
        string? key = null
    ) =>
        new
        {
            name,
            connector = "maintainx",
            credentials = new
            {
                instanceUrl = fake.InstanceUrl,
                apiKey = key ?? MaintainXFake.ApiKey,
                organizationId = MaintainXFake.OrganizationId.ToString(),
            },
            metadata = new { plant = "Gent", line = 3 },
        };

    public static async Task<JsonObject> CreateAsync(HttpClient client, object body)
    {
        var created = await client.PostAsJsonAsync("/api/connections", body, Ct);
        created.StatusCode.ShouldBe(
            HttpStatusCode.Created,
            await created.Content.ReadAsStringAsync(Ct)
        );
        return await BodyAsync(created);
    }

    public static async Task<JsonObject> BodyAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();

    public static async Task<JsonObject> GetAsync(HttpClient client, string id)
    {
        var response = await client.GetAsync($"/api/connections/{id}", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await BodyAsync(response);
    }

    public static async Task<JsonObject> PostAsync(HttpClient client, string path)
    {
        var response = await client.PostAsync(path, null, Ct);
        response.StatusCode.ShouldBe(
            HttpStatusCode.OK,
            await response.Content.ReadAsStringAsync(Ct)
        );
        return await BodyAsync(response);
    }

    public static string Status(JsonObject connection) => connection["status"]!.GetValue<string>();

    public static string Id(JsonObject connection) => connection["id"]!.GetValue<string>();

    /// <summary>The platform events stored about the connection, oldest first, as (type, data).</summary>
    public static async Task<List<(string Type, JsonObject Data)>> EventsAsync(
        ServerHost host,
        string connectionId
    )
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        var events = await db
            .Events.AsNoTracking()
            .Where(e => e.ConnectionId == connectionId)
            .ToListAsync(Ct);
        return events
            .OrderBy(e => e.CreatedAt)
            .ThenBy(e => e.Type == "connection.status_changed" ? 0 : 1)
            .Select(e => (e.Type, JsonNode.Parse(e.DataJson)!.AsObject()))
            .ToList();
    }

    public static async Task<T> InDatabaseAsync<T>(
        ServerHost host,
        Func<FlowsDbContext, Task<T>> read
    )
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<FlowsDbContext>());
    }

    /// <summary>Waits until <paramref name="done"/> holds, for at most 30 seconds; returns whether it did.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await done())
                return true;
            await Task.Delay(100, Ct);
        }
        return await done();
    }
}

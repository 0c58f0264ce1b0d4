using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Server.Tests.Api;
using Makini.Flows.Tests.Fakes;
using Makini.Flows.Tests.Shared;
using static Makini.Flows.Server.Tests.Connections.ConnectionCalls;

namespace Makini.Flows.Server.Tests.Connections;

/// <summary>The periodic probe (every second here) through the durable queue: it follows the source, and skips disabled connections.</summary>
public abstract class ConnectionProbeTests(TestDatabases databases) : IAsyncLifetime
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
            settings: new Dictionary<string, string> { ["Connections:ProbeInterval"] = "00:00:01" }
        );
        _admin = _host.ClientWithKey();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _fake.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private async Task<JsonObject> ReadAsync(string id) => await GetAsync(_admin, id);

    private static DateTime Time(JsonObject connection, string field) =>
        connection[field]!.GetValue<DateTime>();

    [Fact]
    public async Task Probes_take_a_connection_offline_once_and_online_again_when_the_source_is_back()
    {
        var id = Id(await CreateAsync(_admin, MaintainX(_fake)));

        await _fake.StopAsync();
        (
            await EventuallyAsync(async () => Status(await ReadAsync(id)) == "offline")
        ).ShouldBeTrue();
        var wentOffline = Time(await ReadAsync(id), "statusChangedAt");
        // Later probes still fail; they change nothing and raise nothing.
        (
            await EventuallyAsync(async () =>
                Time(await ReadAsync(id), "lastCheckedAt") > wentOffline.AddSeconds(1.5)
            )
        ).ShouldBeTrue();
        (await EventsAsync(_host, id))
            .Select(e => $"{e.Data["from"]}>{e.Data["to"]}")
            .ShouldBe(["online>offline"]);

        await _fake.StartAsync();
        (await EventuallyAsync(async () => Status(await ReadAsync(id)) == "online")).ShouldBeTrue();
        (await EventsAsync(_host, id))
            .Select(e => $"{e.Data["from"]}>{e.Data["to"]}")
            .ShouldBe(["online>offline", "offline>online"]);
        var history = await _admin.GetFromJsonAsync<JsonArray>(
            $"/api/connections/{id}/status-history",
            Ct
        );
        history![0]!["reason"].ShouldBeNull();
        history[1]!["reason"]!.GetValue<string>().ShouldStartWith("CONNECTION_FAILED");
    }

    [Fact]
    public async Task A_disabled_connection_is_not_probed()
    {
        var id = Id(await CreateAsync(_admin, MaintainX(_fake)));
        (await EventuallyAsync(() => Task.FromResult(_fake.Requests.Count >= 2))).ShouldBeTrue();

        await PostAsync(_admin, $"/api/connections/{id}/disable");
        var before = _fake.Requests.Count;
        var checkedAt = (await ReadAsync(id))["lastCheckedAt"]!.ToJsonString();
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);

        _fake.Requests.Count.ShouldBe(before);
        var connection = await ReadAsync(id);
        Status(connection).ShouldBe("disabled");
        connection["lastCheckedAt"]!.ToJsonString().ShouldBe(checkedAt);
    }
}

public sealed class ConnectionProbeTestsOnSqlite() : ConnectionProbeTests(TestDatabases.Sqlite());

public sealed class ConnectionProbeTestsOnPostgres(PostgresServer postgres)
    : ConnectionProbeTests(TestDatabases.Postgres(postgres));

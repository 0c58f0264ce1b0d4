using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Activities.Tests.Support;
using Makini.Flows.Server.Bus;
using Makini.Flows.Server.Tests.Api;
using Makini.Flows.Server.Tests.Connections;
using Makini.Flows.Server.Webhooks;
using Makini.Flows.Tests.Fakes;
using Makini.Flows.Tests.Shared;
using Microsoft.AspNetCore.Http;
using static Makini.Flows.Server.Tests.Connections.ConnectionCalls;
using static Makini.Flows.Server.Tests.Sync.SyncCalls;

namespace Makini.Flows.Server.Tests.Webhooks;

/// <summary>
/// Webhooks chosen per connection, as Makini's customers set them: one endpoint, each connection choosing its event
/// types, after real syncs and a real credential failure; every delivery verified by an independent Standard
/// Webhooks library.
/// </summary>
public abstract class ConnectionWebhooksTests(TestDatabases databases) : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private ServerHost _host = null!;
    private HttpClient _admin = null!;
    private MaintainXFake _fake = null!;
    private LoopbackSink _sink = null!;

    public async ValueTask InitializeAsync()
    {
        _host = SyncingServer(databases);
        _admin = _host.ClientWithKey();
        _fake = new MaintainXFake();
        await _fake.StartAsync();
        _sink = await LoopbackSink.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _sink.DisposeAsync();
        await _fake.DisposeAsync();
        await _host.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Each_connection_sends_exactly_the_event_types_it_chose_and_a_change_holds_for_the_next_event()
    {
        var a = Id(await CreateAsync(_admin, MaintainX(_fake, "Plant A")));
        var b = Id(await CreateAsync(_admin, DemoConnection("Plant B")));
        await FinishedAsync(_admin, a);
        await FinishedAsync(_admin, b);
        var (endpoint, secret) = await EndpointAsync(new { eventTypes = new[] { "system.error" } });
        await ChooseAsync(a, endpoint, "sync.failed", "connection.auth_required");
        await ChooseAsync(b, endpoint, [.. ConnectionWebhooksApi.ConnectionEventTypes]);
        var seen = (
            await _admin.GetFromJsonAsync<JsonObject>($"/api/connections/{a}/webhooks", Ct)
        )!;
        seen["endpoints"]![0]!["eventTypes"]!
            .AsArray()
            .Select(t => t!.GetValue<string>())
            .ShouldBe(
                ["sync.failed", "connection.auth_required", "system.error"],
                ignoreOrder: true
            );
        seen["endpoints"]![0]!["fromAllConnections"]!
            .AsArray()
            .Select(t => t!.GetValue<string>())
            .ShouldBe(["system.error"]);

        await RequestAsync(_admin, b);
        await FinishedAsync(_admin, b, 2);
        _fake.FailNext(401, body: """{"error":"Invalid token"}""", times: 2);
        await RequestAsync(_admin, a);
        await FinishedAsync(_admin, a, 2);

        var fromA = await ArrivedAsync(secret, a, 2);
        fromA
            .Select(e => e["type"]!.GetValue<string>())
            .ShouldBe(["sync.failed", "connection.auth_required"], ignoreOrder: true);
        var renew = fromA.Single(e => e["type"]!.GetValue<string>() == "connection.auth_required");
        renew["data"]!["renewUrl"]!.GetValue<string>().ShouldBe($"/connections/{a}");
        var fromB = await ArrivedAsync(secret, b, 1);
        fromB.Select(e => e["type"]!.GetValue<string>()).ShouldContain("sync.completed");
        foreach (var envelope in fromA.Concat(fromB))
            EventCatalog
                .Check(envelope["type"]!.GetValue<string>(), envelope["data"])
                .ShouldBeEmpty(envelope.ToJsonString());

        // A now wants status changes only: the next failure brings its status change and nothing else.
        await ChooseAsync(a, endpoint, "connection.status_changed");
        var before = _sink.Requests.Count;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var checkedNow = await _admin.PostAsync($"/api/connections/{a}/check", null, Ct);
            var state = await checkedNow.Content.ReadFromJsonAsync<JsonObject>(Ct);
            if ((string?)state?["status"] == "online")
                break;
        }
        var recovered = await ArrivedAsync(secret, a, 3);
        recovered[^1]["type"]!.GetValue<string>().ShouldBe("connection.status_changed");
        recovered[^1]["data"]!["to"]!.GetValue<string>().ShouldBe("online");
        _sink.Requests.Count.ShouldBe(before + 1);
    }

    [Fact]
    public async Task An_endpoint_for_one_connection_still_gets_the_errors_of_no_connection_its_rules_name()
    {
        var a = Id(await CreateAsync(_admin, DemoConnection("Plant A")));
        var (_, secret) = await EndpointAsync(
            new
            {
                rules = new[]
                {
                    new
                    {
                        eventTypes = new[] { "system.error", "sync.failed" },
                        connectionIds = new[] { a },
                    },
                },
            }
        );
        var published = await _admin.PostAsJsonAsync(
            "/api/events",
            new
            {
                type = "system.error",
                data = new { code = "disk_full", message = "the data volume is full" },
            },
            Ct
        );
        published.IsSuccessStatusCode.ShouldBeTrue(await published.Content.ReadAsStringAsync(Ct));

        var arrived = await ArrivedAsync(secret, null, 1);
        arrived[0]["type"]!.GetValue<string>().ShouldBe("system.error");
        arrived[0]["data"]!["code"]!.GetValue<string>().ShouldBe("disk_full");
    }

    [Fact]
    public async Task Unknown_connections_in_rules_are_refused_and_a_deleted_connection_leaves_every_rule()
    {
        var a = Id(await CreateAsync(_admin, DemoConnection("Plant A")));
        var b = Id(await CreateAsync(_admin, DemoConnection("Plant B")));
        var refused = await _admin.PostAsJsonAsync(
            "/api/webhooks",
            new
            {
                url = _sink.Url("/hooks"),
                rules = new object[]
                {
                    new { eventTypes = new[] { "sync.failed" } },
                    new
                    {
                        eventTypes = new[] { "sync.completed" },
                        connectionIds = new[] { a, "con_nope" },
                    },
                },
            },
            Ct
        );
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadFromJsonAsync<JsonObject>(Ct))!["pointer"]!
            .GetValue<string>()
            .ShouldBe("/rules/1/connectionIds/1");

        var (endpoint, _) = await EndpointAsync(
            new
            {
                rules = new object[]
                {
                    new { eventTypes = new[] { "sync.failed" }, connectionIds = new[] { a, b } },
                    new { eventTypes = new[] { "sync.completed" }, connectionIds = new[] { a } },
                },
            }
        );
        (await _admin.DeleteAsync($"/api/connections/{a}", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.NoContent
        );

        var rules = (await _admin.GetFromJsonAsync<JsonObject>($"/api/webhooks/{endpoint}", Ct))![
            "rules"
        ]!;
        rules.ToJsonString().ShouldNotContain(a);
        rules.AsArray().Count.ShouldBe(1);
        rules[0]!["connectionIds"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldBe([b]);
    }

    [Fact]
    public async Task A_test_send_of_any_type_carries_a_sample_for_the_connection_that_fits_its_schema()
    {
        var a = Id(await CreateAsync(_admin, DemoConnection("Plant A")));
        var (endpoint, secret) = await EndpointAsync(new { eventTypes = new[] { "sync.failed" } });
        foreach (
            var type in new[] { "sync.completed", "connection.auth_required", "work-order.updated" }
        )
        {
            var sent = await _admin.PostAsJsonAsync(
                $"/api/connections/{a}/webhooks/test",
                new { endpointId = endpoint, eventType = type },
                Ct
            );
            sent.StatusCode.ShouldBe(
                HttpStatusCode.Accepted,
                await sent.Content.ReadAsStringAsync(Ct)
            );
        }
        var arrived = await ArrivedAsync(secret, a, 3);
        arrived
            .Select(e => e["type"]!.GetValue<string>())
            .ShouldBe(
                ["sync.completed", "connection.auth_required", "work-order.updated"],
                ignoreOrder: true
            );
        foreach (var envelope in arrived)
            EventCatalog
                .Check(envelope["type"]!.GetValue<string>(), envelope["data"])
                .ShouldBeEmpty();
    }

    [Fact]
    public async Task An_update_event_names_the_fields_that_changed()
    {
        var a = Id(await CreateAsync(_admin, MaintainX(_fake, "Plant A")));
        await FinishedAsync(_admin, a);
        var (_, secret) = await EndpointAsync(
            new
            {
                rules = new[]
                {
                    new
                    {
                        eventTypes = new[] { "work-order.updated" },
                        connectionIds = new[] { a },
                    },
                },
            }
        );
        var changed = _fake.Records("work-orders")[0];
        changed["title"] = "Replace the pump seal (second attempt)";
        changed["updatedAt"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ");

        await RequestAsync(_admin, a, full: true);
        await FinishedAsync(_admin, a, 2);

        var updated = (await ArrivedAsync(secret, a, 1)).Single();
        updated["type"]!.GetValue<string>().ShouldBe("work-order.updated");
        updated["data"]!["record"]!["title"]!
            .GetValue<string>()
            .ShouldBe("Replace the pump seal (second attempt)");
        updated["data"]!["changedFields"]!
            .AsArray()
            .Select(f => f!.GetValue<string>())
            .ShouldBe(["title", "updatedAt"]);
        EventCatalog.Check("work-order.updated", updated["data"]).ShouldBeEmpty();
    }

    private async Task<(string Id, string Secret)> EndpointAsync(object subscription)
    {
        var body = JsonNode
            .Parse(System.Text.Json.JsonSerializer.Serialize(subscription))!
            .AsObject();
        body["url"] = _sink.Url("/hooks");
        var response = await _admin.PostAsJsonAsync("/api/webhooks", body, Ct);
        response.StatusCode.ShouldBe(
            HttpStatusCode.Created,
            await response.Content.ReadAsStringAsync(Ct)
        );
        var created = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        return (
            created["endpoint"]!["id"]!.GetValue<string>(),
            created["secret"]!.GetValue<string>()
        );
    }

    private async Task ChooseAsync(string connectionId, string endpointId, params string[] types)
    {
        var response = await _admin.PutAsJsonAsync(
            $"/api/connections/{connectionId}/webhooks",
            new { endpoints = new[] { new { endpointId, eventTypes = types } } },
            Ct
        );
        response.StatusCode.ShouldBe(
            HttpStatusCode.OK,
            await response.Content.ReadAsStringAsync(Ct)
        );
    }

    /// <summary>
    /// Waits for at least <paramref name="count"/> deliveries about a connection (null: about none), each verified
    /// with the StandardWebhooks library; their envelopes in arrival order.
    /// </summary>
    private async Task<List<JsonObject>> ArrivedAsync(
        string secret,
        string? connectionId,
        int count
    )
    {
        List<JsonObject> envelopes = [];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            envelopes = [];
            foreach (var request in _sink.Requests)
            {
                var body = Encoding.UTF8.GetString(request.Body);
                var headers = new HeaderDictionary();
                foreach (var (name, value) in request.Headers)
                    headers[name] = value;
                new global::StandardWebhooks.StandardWebhook(secret).Verify(body, headers);
                var envelope = JsonNode.Parse(body)!.AsObject();
                if ((string?)envelope["connectionId"] == connectionId)
                    envelopes.Add(envelope);
            }
            if (envelopes.Count >= count)
                return envelopes;
            await Task.Delay(100, Ct);
        }
        throw new ShouldAssertException(
            $"{envelopes.Count} of {count} deliveries about {connectionId ?? "no connection"} arrived: "
                + string.Join(", ", envelopes.Select(e => e["type"]))
        );
    }
}

public sealed class ConnectionWebhooksTestsOnSqlite()
    : ConnectionWebhooksTests(TestDatabases.Sqlite());

public sealed class ConnectionWebhooksTestsOnPostgres(PostgresServer postgres)
    : ConnectionWebhooksTests(TestDatabases.Postgres(postgres));

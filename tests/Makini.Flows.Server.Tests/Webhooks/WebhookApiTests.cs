using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Activities.Tests.Support;
using Makini.Flows.Server.Tests.Api;

namespace Makini.Flows.Server.Tests.Webhooks;

/// <summary>Webhook endpoints and deliveries through the API, with the real queue; once per database provider.</summary>
public abstract class WebhookApiTests(ServerHost host) : IAsyncDisposable
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private async Task<string> DemoConnectionAsync(HttpClient client, string name)
    {
        var response = await client.PostAsJsonAsync(
            "/api/connections",
            Sync.SyncCalls.DemoConnection(name),
            Ct
        );
        response.StatusCode.ShouldBe(
            HttpStatusCode.Created,
            await response.Content.ReadAsStringAsync(Ct)
        );
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))![
            "id"
        ]!.GetValue<string>();
    }

    private async Task<(string Id, string Secret)> CreateAsync(
        HttpClient client,
        string url,
        params string[] eventTypes
    )
    {
        var response = await client.PostAsJsonAsync(
            "/api/webhooks",
            new
            {
                url,
                description = "partner receiver",
                eventTypes = eventTypes.Length == 0 ? ["sync.failed"] : eventTypes,
                headers = new Dictionary<string, string> { ["X-Tenant"] = "acme" },
            },
            Ct
        );
        response.StatusCode.ShouldBe(
            HttpStatusCode.Created,
            await response.Content.ReadAsStringAsync(Ct)
        );
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        return (body["endpoint"]!["id"]!.GetValue<string>(), body["secret"]!.GetValue<string>());
    }

    private async Task<JsonObject> DeliveredAsync(
        HttpClient client,
        string deliveryId,
        int attempts
    )
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var detail = (
                await client.GetFromJsonAsync<JsonObject>(
                    $"/api/webhooks/deliveries/{deliveryId}",
                    Ct
                )
            )!;
            if (
                detail["attempts"]!.AsArray().Count >= attempts
                && detail["delivery"]!["status"]!.GetValue<string>() != "Pending"
            )
                return detail;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"delivery {deliveryId}: {detail}");
            await Task.Delay(50, Ct);
        }
    }

    [Fact]
    public async Task The_secret_is_shown_when_the_endpoint_is_created_and_never_again()
    {
        var client = host.ClientWithKey();
        var (id, secret) = await CreateAsync(client, "https://hooks.example.com/makini");

        var list = await client.GetStringAsync("/api/webhooks", Ct);
        var one = await client.GetStringAsync($"/api/webhooks/{id}", Ct);

        secret.ShouldStartWith("whsec_");
        list.ShouldNotContain(secret[6..]);
        one.ShouldNotContain(secret[6..]);
        list.ShouldNotContain("secret\"", Case.Insensitive);
        var endpoint = JsonNode.Parse(one)!;
        endpoint["url"]!.GetValue<string>().ShouldBe("https://hooks.example.com/makini");
        endpoint["eventTypes"]!
            .AsArray()
            .Select(t => t!.GetValue<string>())
            .ShouldBe(["sync.failed"]);
        // Header values (often the receiver's credentials) are never shown: only their names.
        endpoint["headers"]!["X-Tenant"]!.GetValue<string>().ShouldBe("********");
        one.ShouldNotContain("acme");
        endpoint["enabled"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Theory]
    [InlineData("""{"url":"ftp://example.com/x","eventTypes":["sync.failed"]}""", "/url")]
    [InlineData("""{"url":"/relative","eventTypes":["sync.failed"]}""", "/url")]
    [InlineData(
        """{"url":"https://example.com","eventTypes":["sync.exploded"]}""",
        "/eventTypes/0"
    )]
    [InlineData("""{"url":"https://example.com","eventTypes":[]}""", "/eventTypes")]
    [InlineData(
        """{"url":"https://example.com","eventTypes":["sync.failed"],"headers":{"Connection":"close"}}""",
        "/headers/Connection"
    )]
    [InlineData(
        """{"url":"https://example.com","eventTypes":["sync.failed"],"headers":{"webhook-signature":"v1,x"}}""",
        "/headers/webhook-signature"
    )]
    [InlineData(
        """{"url":"https://example.com","eventTypes":["sync.failed"],"headers":{"X-Webhook-Signature":"x"}}""",
        "/headers/X-Webhook-Signature"
    )]
    public async Task Invalid_endpoints_are_refused_with_a_pointer(string json, string pointer)
    {
        var response = await host.ClientWithKey()
            .PostAsync(
                "/api/webhooks",
                new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
                Ct
            );

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["pointer"]!
            .GetValue<string>()
            .ShouldBe(pointer);
    }

    [Fact]
    public async Task A_test_event_is_delivered_signed_and_logged_with_the_answer()
    {
        await using var sink = await LoopbackSink.StartAsync(
            (_, _) => new SinkAnswer(200, """{"received":true}""")
        );
        var client = host.ClientWithKey();
        var (id, secret) = await CreateAsync(client, sink.Url("/makini"));

        var test = await client.PostAsync($"/api/webhooks/{id}/test", null, Ct);
        test.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var deliveryId = (await test.Content.ReadFromJsonAsync<JsonObject>(Ct))![
            "deliveryId"
        ]!.GetValue<string>();
        var detail = await DeliveredAsync(client, deliveryId, 1);
        var log = await client.GetFromJsonAsync<JsonArray>($"/api/webhooks/{id}/deliveries", Ct);

        detail["delivery"]!["status"]!.GetValue<string>().ShouldBe("Succeeded");
        var attempt = detail["attempts"]![0]!;
        attempt["statusCode"]!.GetValue<int>().ShouldBe(200);
        attempt["succeeded"]!.GetValue<bool>().ShouldBeTrue();
        attempt["responseExcerpt"]!.GetValue<string>().ShouldBe("""{"received":true}""");
        detail["payload"]!["type"]!.GetValue<string>().ShouldBe("webhook.test");
        log!.Single()!["id"]!.GetValue<string>().ShouldBe(deliveryId);
        var request = sink.Requests.ShouldHaveSingleItem();
        request.Header("webhook-id").ShouldBe(deliveryId);
        deliveryId.ShouldMatch("^msg_[0-9a-f]{32}$");
        request.Header("x-tenant").ShouldBe("acme");
        SpecReceiver.Accepts(secret, request, DateTimeOffset.UtcNow).ShouldBeTrue();
        SpecReceiver.AcceptsLegacy(secret, request).ShouldBeTrue();
    }

    [Fact]
    public async Task After_rotation_deliveries_carry_both_signatures_until_the_overlap_ends()
    {
        await using var sink = await LoopbackSink.StartAsync();
        var client = host.ClientWithKey();
        var (id, oldSecret) = await CreateAsync(client, sink.Url());

        var rotated = await client.PostAsync($"/api/webhooks/{id}/rotate-secret", null, Ct);
        rotated.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = (await rotated.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        var newSecret = body["secret"]!.GetValue<string>();
        var test = await client.PostAsync($"/api/webhooks/{id}/test", null, Ct);
        var deliveryId = (await test.Content.ReadFromJsonAsync<JsonObject>(Ct))![
            "deliveryId"
        ]!.GetValue<string>();
        await DeliveredAsync(client, deliveryId, 1);

        newSecret.ShouldNotBe(oldSecret);
        body["previousSecretExpiresAt"]!
            .GetValue<DateTime>()
            .ShouldBe(DateTime.UtcNow.AddHours(24), TimeSpan.FromMinutes(1));
        var request = sink.Requests.ShouldHaveSingleItem();
        request.Header("webhook-signature")!.Split(' ').Length.ShouldBe(2);
        SpecReceiver.Accepts(newSecret, request, DateTimeOffset.UtcNow).ShouldBeTrue();
        SpecReceiver.Accepts(oldSecret, request, DateTimeOffset.UtcNow).ShouldBeTrue();
        SpecReceiver.AcceptsLegacy(newSecret, request).ShouldBeTrue();
    }

    [Fact]
    public async Task A_redelivery_is_a_new_attempt_with_the_same_webhook_id()
    {
        await using var sink = await LoopbackSink.StartAsync();
        var client = host.ClientWithKey();
        var (id, secret) = await CreateAsync(client, sink.Url());
        var test = await client.PostAsync($"/api/webhooks/{id}/test", null, Ct);
        var deliveryId = (await test.Content.ReadFromJsonAsync<JsonObject>(Ct))![
            "deliveryId"
        ]!.GetValue<string>();
        await DeliveredAsync(client, deliveryId, 1);

        var redelivered = await client.PostAsync(
            $"/api/webhooks/deliveries/{deliveryId}/redeliver",
            null,
            Ct
        );
        redelivered.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var detail = await DeliveredAsync(client, deliveryId, 2);
        var missing = await client.PostAsync(
            "/api/webhooks/deliveries/msg_nope/redeliver",
            null,
            Ct
        );

        detail["attempts"]!.AsArray().Select(a => a!["number"]!.GetValue<int>()).ShouldBe([1, 2]);
        sink.Requests.Count.ShouldBe(2);
        sink.Requests.ShouldAllBe(r => r.Header("webhook-id") == deliveryId);
        sink.Requests[0].Body.ShouldBe(sink.Requests[1].Body);
        sink.Requests.ShouldAllBe(r => SpecReceiver.Accepts(secret, r, DateTimeOffset.UtcNow));
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Published_events_reach_the_endpoints_subscribed_to_their_type_and_connection()
    {
        await using var sink = await LoopbackSink.StartAsync();
        var client = host.ClientWithKey();
        var (failures, _) = await CreateAsync(client, sink.Url("/failures"), "sync.failed");
        var (_, _) = await CreateAsync(client, sink.Url("/completions"), "sync.completed");
        var conn1 = await DemoConnectionAsync(client, "Plant 1");
        var conn2 = await DemoConnectionAsync(client, "Plant 2");
        var typo = await client.PostAsJsonAsync(
            "/api/webhooks",
            new
            {
                url = sink.Url("/c1"),
                eventTypes = new[] { "sync.failed" },
                connectionId = conn1 + "x",
            },
            Ct
        );
        typo.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await typo.Content.ReadFromJsonAsync<JsonObject>(Ct))!["pointer"]!
            .GetValue<string>()
            .ShouldBe("/connectionId");
        var filtered = await client.PostAsJsonAsync(
            "/api/webhooks",
            new
            {
                url = sink.Url("/c1"),
                eventTypes = new[] { "sync.failed" },
                connectionId = conn1,
            },
            Ct
        );
        filtered.StatusCode.ShouldBe(HttpStatusCode.Created);

        async Task<int> PublishAsync(string type, string connectionId)
        {
            var response = await client.PostAsJsonAsync(
                "/api/webhooks/events",
                new
                {
                    type,
                    connectionId,
                    data = new { code = "CONNECTION_FAILED", message = "page 3 answered 500" },
                },
                Ct
            );
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))![
                "deliveries"
            ]!.GetValue<int>();
        }

        (await PublishAsync("sync.failed", conn1)).ShouldBe(2);
        (await PublishAsync("sync.failed", conn2)).ShouldBe(1);
        var unknown = await client.PostAsJsonAsync(
            "/api/webhooks/events",
            new { type = "nope" },
            Ct
        );

        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var misshapen = await client.PostAsJsonAsync(
            "/api/webhooks/events",
            new { type = "sync.failed", data = new { error = "no code, no message" } },
            Ct
        );
        misshapen.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await misshapen.Content.ReadAsStringAsync(Ct)).ShouldContain("does not fit the schema");
        var bogus = await client.GetAsync($"/api/webhooks/{failures}/deliveries?status=bogus", Ct);
        bogus.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bogus.Content.ReadFromJsonAsync<JsonObject>(Ct))!["pointer"]!
            .GetValue<string>()
            .ShouldBe("/query/status");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (sink.Requests.Count < 3 && DateTime.UtcNow < deadline)
            await Task.Delay(50, Ct);
        sink.Requests.Select(r => r.PathAndQuery)
            .Order()
            .ShouldBe(["/c1", "/failures", "/failures"]);
        // Stored encrypted, sent as given.
        sink.Requests.Where(r => r.PathAndQuery == "/failures")
            .ShouldAllBe(r => r.Header("x-tenant") == "acme");
        var body = JsonNode.Parse(sink.Requests.First(r => r.PathAndQuery == "/c1").Body)!;
        body["type"]!.GetValue<string>().ShouldBe("sync.failed");
        body["connectionId"]!.GetValue<string>().ShouldBe(conn1);
        body["data"]!["message"]!.GetValue<string>().ShouldBe("page 3 answered 500");
        (
            await client.GetFromJsonAsync<JsonArray>($"/api/webhooks/{failures}/deliveries", Ct)
        )!.Count.ShouldBe(2);
    }

    [Fact]
    public async Task An_event_published_on_the_platform_bus_is_delivered_to_subscribed_endpoints()
    {
        await using var sink = await LoopbackSink.StartAsync();
        var client = host.ClientWithKey();
        var (_, secret) = await CreateAsync(client, sink.Url("/errors"), "system.error");

        var published = await client.PostAsJsonAsync(
            "/api/events",
            new
            {
                type = "system.error",
                data = new
                {
                    code = "disk_full",
                    message = "disk almost full",
                    source = "node-1",
                },
            },
            Ct
        );
        published.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (sink.Requests.Count == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(50, Ct);

        var request = sink.Requests.ShouldHaveSingleItem();
        SpecReceiver.Accepts(secret, request, DateTimeOffset.UtcNow).ShouldBeTrue();
        var envelope = JsonNode.Parse(request.Body)!;
        envelope["type"]!.GetValue<string>().ShouldBe("system.error");
        envelope["data"]!["message"]!.GetValue<string>().ShouldBe("disk almost full");
    }

    [Fact]
    public async Task A_disabled_endpoint_is_not_tested_and_a_deleted_one_is_gone()
    {
        var client = host.ClientWithKey();
        var (id, _) = await CreateAsync(client, "https://hooks.example.com/x");
        var disable = await client.PutAsJsonAsync(
            $"/api/webhooks/{id}",
            new
            {
                url = "https://hooks.example.com/y",
                eventTypes = new[] { "sync.failed", "system.error" },
                enabled = false,
            },
            Ct
        );
        var test = await client.PostAsync($"/api/webhooks/{id}/test", null, Ct);
        var deleted = await client.DeleteAsync($"/api/webhooks/{id}", Ct);
        var after = await client.GetAsync($"/api/webhooks/{id}", Ct);

        disable.StatusCode.ShouldBe(HttpStatusCode.OK);
        var endpoint = (await disable.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        endpoint["enabled"]!.GetValue<bool>().ShouldBeFalse();
        endpoint["url"]!.GetValue<string>().ShouldBe("https://hooks.example.com/y");
        test.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        after.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_runner_key_cannot_manage_webhooks()
    {
        var admin = host.ClientWithKey();
        var created = await admin.PostAsJsonAsync(
            "/api/keys",
            new { name = "ci", role = "runner" },
            Ct
        );
        var runner = host.ClientWithKey(
            (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["key"]!.GetValue<string>()
        );

        (await runner.GetAsync("/api/webhooks", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}

using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Activities.Tests.Support;
using Makini.Flows.Activities.Webhooks;
using Makini.Flows.Designer.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Makini.Flows.Designer.Tests;

/// <summary>
/// The Webhooks tab of a connection in Chromium: an endpoint (a loopback receiver started by the test) is added
/// with its secret shown once, the connection's event types for it are chosen and saved, and a test send is followed
/// in the page until the receiver has it.
/// </summary>
[Collection("designer")]
public sealed class ConnectionWebhooksTests(DesignerFixture fixture)
{
    // The delivery worker runs on shared, busy machines: give a test delivery time to arrive.
    private static readonly LocatorAssertionsToHaveAttributeOptions Delivered = new()
    {
        Timeout = 45_000,
    };

    [Fact]
    public async Task An_endpoint_added_on_the_Webhooks_tab_shows_its_secret_once_gets_exactly_the_chosen_types_and_a_test_delivery()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await LoopbackSink.StartAsync();
        var url = receiver.Url("/makini-hooks");
        var id = await ConnectionsPage.ConnectDemoAsync(fixture.Api, "Webhook plant", ct);
        var noEndpointsYet =
            (await fixture.Api.GetFromJsonAsync<JsonArray>("/api/webhooks", ct))!.Count == 0;

        var page = await fixture.SignedInPageAsync();
        var connections = new ConnectionsPage(page);
        await connections.OpenListAsync();
        await page.GetByLabel("Search connections").FillAsync("Webhook plant");
        await connections.OpenConnectionAsync("Webhook plant");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Webhooks" }).ClickAsync();

        // Added with sync.failed to start with: the secret is shown this once.
        var form = page.GetByRole(AriaRole.Region, new() { Name = "Add an endpoint" });
        if (noEndpointsYet)
            await Expect(form).ToContainTextAsync("No webhook endpoint receives this connection");
        await form.GetByLabel("Endpoint URL").FillAsync(url);
        await form.GetByLabel("Description").FillAsync("Plant alerts");
        await form.GetByLabel("sync.failed", new() { Exact = true }).CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Add endpoint" }).ClickAsync();
        var secretBox = page.GetByTestId("webhook-secret");
        await Expect(secretBox).ToContainTextAsync("shown only this once");
        var secret = await page.GetByLabel("Signing secret", new() { Exact = true })
            .InputValueAsync();
        secret.ShouldStartWith("whsec_");

        // The endpoint's card: sync.failed checked, entity events collapsed (opened with the keyboard); add
        // sync.completed and save.
        var card = page.GetByRole(AriaRole.Region, new() { Name = url, Exact = true });
        await Expect(card).ToContainTextAsync("Plant alerts");
        await Expect(card.GetByTestId("endpoint-disabled")).ToHaveCountAsync(0);
        await Expect(card.GetByLabel("sync.failed", new() { Exact = true })).ToBeCheckedAsync();
        var completed = card.GetByLabel("sync.completed", new() { Exact = true });
        await Expect(completed).Not.ToBeCheckedAsync();
        var workOrders = card.Locator("details[data-group='entity:work-order']");
        await Expect(workOrders.Locator("summary")).ToContainTextAsync("0 of 3 chosen");
        var updated = card.GetByLabel("work-order.updated", new() { Exact = true });
        await Expect(updated).ToBeHiddenAsync();
        await workOrders.Locator("summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(updated).ToBeVisibleAsync();
        await Expect(updated).Not.ToBeCheckedAsync();

        await completed.CheckAsync();
        await Expect(card).ToHaveAttributeAsync("data-changed", "true");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("webhooks-save-state")).ToHaveTextAsync("Saved.");
        await Expect(card).ToHaveAttributeAsync("data-changed", "false");
        await Screenshots.TakeAsync(page, "connection-webhooks");

        var chosen = (
            await fixture.Api.GetFromJsonAsync<JsonObject>($"/api/connections/{id}/webhooks", ct)
        )!["endpoints"]!
            .AsArray()
            .Single(e => (string)e!["url"]! == url)!;
        chosen["eventTypes"]!
            .AsArray()
            .Select(t => (string)t!)
            .ShouldBe(["sync.failed", "sync.completed"], ignoreOrder: true);
        chosen["fromAllConnections"]!.AsArray().ShouldBeEmpty();
        var endpointId = (string)chosen["endpointId"]!;

        // A test sync.failed from the page: delivered (the receiver's 200 shown), signed with the secret shown.
        await card.GetByLabel("Test event type").SelectOptionAsync("sync.failed");
        await card.GetByRole(AriaRole.Button, new() { Name = "Send test" }).ClickAsync();
        var outcome = card.GetByTestId("webhook-test-outcome");
        await Expect(outcome).ToHaveAttributeAsync("data-status", "delivered", Delivered);
        await Expect(outcome).ToContainTextAsync("HTTP 200");
        var test = receiver
            .Requests.Where(r => r.PathAndQuery == "/makini-hooks")
            .Select(r => (Request: r, Envelope: JsonNode.Parse(r.Body)!))
            .Single(r => (string?)r.Envelope["type"] == "sync.failed");
        ((string?)test.Envelope["connectionId"]).ShouldBe(id);
        StandardWebhooks
            .Verify(
                secret,
                test.Request.Header(WebhookHeaders.Id),
                test.Request.Header(WebhookHeaders.Timestamp),
                test.Request.Header(WebhookHeaders.Signature),
                test.Request.Body,
                DateTimeOffset.UtcNow
            )
            .ShouldBeNull();

        // The secret is gone once dismissed and is not in the page after a reload.
        await secretBox.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(secretBox).ToHaveCountAsync(0);

        // A disabled endpoint whose rule for all connections sends system.error: badged, locked, no test sends.
        var forAll = await fixture.Api.PostAsJsonAsync(
            "/api/webhooks",
            new
            {
                url = receiver.Url("/every-connection"),
                enabled = false,
                rules = new[] { new { eventTypes = new[] { "system.error" } } },
            },
            ct
        );
        var forAllBody = await forAll.Content.ReadAsStringAsync(ct);
        forAll.IsSuccessStatusCode.ShouldBeTrue(forAllBody);
        var forAllId = (string)JsonNode.Parse(forAllBody)!["endpoint"]!["id"]!;
        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Webhooks" }).ClickAsync();
        var other = page.GetByRole(
            AriaRole.Region,
            new() { Name = receiver.Url("/every-connection"), Exact = true }
        );
        await Expect(other.GetByTestId("endpoint-disabled")).ToHaveTextAsync("Disabled");
        var locked = other.GetByLabel("system.error", new() { Exact = true });
        await Expect(locked).ToBeCheckedAsync();
        await Expect(locked).ToBeDisabledAsync();
        await Expect(locked)
            .ToHaveAccessibleDescriptionAsync("sent for every connection (endpoint rule)");
        await Expect(other.GetByRole(AriaRole.Button, new() { Name = "Send test" }))
            .ToBeDisabledAsync();
        await Expect(card.GetByLabel("sync.completed", new() { Exact = true })).ToBeCheckedAsync();
        (await page.ContentAsync()).ShouldNotContain(secret);

        foreach (var endpoint in new[] { endpointId, forAllId })
            (
                await fixture.Api.DeleteAsync($"/api/webhooks/{endpoint}", ct)
            ).EnsureSuccessStatusCode();
    }
}

using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Makini.Flows.Designer.Tests.Infrastructure;

/// <summary>What a user does on the designer's Connections screens, as Playwright steps.</summary>
public sealed class ConnectionsPage(IPage page)
{
    public const string DemoUsername = "demo@makini.io";
    public const string DemoPassword = "makini-demo";

    public IPage Page => page;

    public ILocator ConnectorCards => page.Locator(".connector-card");

    public ILocator ConnectorCard(string name) =>
        page.Locator(
            ".connector-card",
            new() { Has = page.GetByText(name, new() { Exact = true }) }
        );

    /// <summary>The input of one credential field of the open form, by the field's name in the manifest.</summary>
    public ILocator Credential(string field, ILocator? within = null) =>
        (within ?? page.Locator("body")).GetByTestId($"credential-{field}").Locator("input");

    public ILocator TestAndSave =>
        page.GetByRole(AriaRole.Button, new() { Name = "Test and save" });

    public ILocator CheckFailure => page.GetByTestId("check-failure");

    public ILocator Status => page.GetByTestId("connection-status").GetByTestId("status-badge");

    /// <summary>The Sync card's state badge (data-state idle, queued or running).</summary>
    public ILocator SyncState => page.GetByTestId("sync").GetByTestId("sync-state");

    /// <summary>The syncs listed in the history, newest first (data-mode, data-trigger, data-status).</summary>
    public ILocator SyncRuns => page.GetByTestId("sync-history").GetByTestId("sync-run");

    /// <summary>A number of the Sync card's counts table: entity (work-orders) by column (inserted, updated…).</summary>
    public async Task<int> SyncCountAsync(string entity, string column)
    {
        var text = await page.GetByTestId("sync-counts")
            .GetByTestId($"sync-count-{entity}")
            .Locator($"[data-column='{column}']")
            .InnerTextAsync();
        return int.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    public ILocator Row(string name) =>
        page.GetByTestId("connection-list").Locator("tbody tr", new() { HasText = name });

    public async Task OpenListAsync()
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Sections" })
            .GetByRole(AriaRole.Link, new() { Name = "Connections" })
            .ClickAsync();
        await page.GetByTestId("connection-list").WaitForAsync();
    }

    public async Task OpenCatalogueAsync()
    {
        await page.GetByTestId("connect-system").ClickAsync();
        await page.GetByTestId("catalogue").WaitForAsync();
    }

    public Task SearchCatalogueAsync(string text) =>
        page.GetByLabel("Search systems").FillAsync(text);

    public async Task OpenConnectFormAsync(string connectorName)
    {
        await ConnectorCard(connectorName).ClickAsync();
        await page.GetByTestId("connect-form").WaitForAsync();
    }

    public async Task OpenConnectionAsync(string name)
    {
        await Row(name).GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await page.GetByTestId("connection-page").WaitForAsync();
    }

    /// <summary>The Demo CMMS's entry in the catalogue the server serves (its id is the manifest's).</summary>
    public static async Task<JsonObject> DemoConnectorAsync(HttpClient api, CancellationToken ct)
    {
        var connectors = await api.GetFromJsonAsync<JsonArray>("/api/connectors", ct);
        return connectors!
            .Select(c => c!.AsObject())
            .Single(c => ((string)c["name"]!).Contains("Demo", StringComparison.Ordinal));
    }

    /// <summary>Connects the Demo CMMS through the API, as another user would have.</summary>
    public static async Task<string> ConnectDemoAsync(
        HttpClient api,
        string name,
        CancellationToken ct
    )
    {
        var demo = await DemoConnectorAsync(api, ct);
        var response = await api.PostAsJsonAsync(
            "/api/connections",
            new
            {
                name,
                connector = (string)demo["id"]!,
                credentials = new { username = DemoUsername, password = DemoPassword },
                metadata = new { },
            },
            ct
        );
        var body = await response.Content.ReadAsStringAsync(ct);
        response.IsSuccessStatusCode.ShouldBeTrue(body);
        return (string)JsonNode.Parse(body)!["id"]!;
    }

    public static async Task<int> ConnectionCountAsync(HttpClient api, CancellationToken ct)
    {
        var page = await api.GetFromJsonAsync<JsonObject>("/api/connections?per_page=25", ct);
        return (int)page!["meta"]!["total"]!;
    }
}

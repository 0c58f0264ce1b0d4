using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Designer.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Makini.Flows.Designer.Tests;

/// <summary>The Connections screens in Chromium against the real server and its in-process Demo CMMS.</summary>
[Collection("designer")]
public sealed class ConnectionsScreenTests(DesignerFixture fixture)
{
    [Fact]
    public async Task The_Demo_CMMS_is_connected_online_after_a_wrong_password_is_refused_plainly_and_stores_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var page = await fixture.SignedInPageAsync();
        var connections = new ConnectionsPage(page);
        await connections.OpenListAsync();
        await connections.OpenCatalogueAsync();
        await connections.SearchCatalogueAsync("demo");
        await connections.OpenConnectFormAsync("Demo CMMS");
        var before = await ConnectionsPage.ConnectionCountAsync(fixture.Api, ct);

        await page.GetByLabel("Connection name").FillAsync("Plant 4 (demo)");
        await connections.Credential("username").FillAsync(ConnectionsPage.DemoUsername);
        await connections.Credential("password").FillAsync("not-the-password");
        await connections.TestAndSave.ClickAsync();
        await Expect(connections.CheckFailure)
            .ToContainTextAsync("The system refused these credentials");
        await Expect(connections.CheckFailure).ToContainTextAsync("Nothing was saved");
        await Screenshots.TakeAsync(page, "connections-refused");
        (await ConnectionsPage.ConnectionCountAsync(fixture.Api, ct)).ShouldBe(before);
        await Expect(page.GetByTestId("connect-form")).ToBeVisibleAsync();

        // The secret is masked until shown; Enter in a field submits the form.
        var password = connections.Credential("password");
        await Expect(password).ToHaveAttributeAsync("type", "password");
        await password.FillAsync(ConnectionsPage.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = false })
            .First.ClickAsync();
        await Expect(password).ToHaveAttributeAsync("type", "text");
        await password.PressAsync("Enter");

        await page.GetByTestId("connection-page").WaitForAsync();
        await Expect(page.GetByTestId("page-title")).ToHaveTextAsync("Plant 4 (demo)");
        await Expect(connections.Status).ToHaveAttributeAsync("data-status", "online");
        await Expect(connections.Status).ToHaveTextAsync("Online");
        await Expect(page.GetByTestId("stored-credentials"))
            .ToContainTextAsync(ConnectionsPage.DemoUsername);
        await Expect(page.GetByTestId("stored-credentials"))
            .Not.ToContainTextAsync(ConnectionsPage.DemoPassword);
        await Screenshots.TakeAsync(page, "connection-page");
        (await ConnectionsPage.ConnectionCountAsync(fixture.Api, ct)).ShouldBe(before + 1);

        await connections.OpenListAsync();
        var row = connections.Row("Plant 4 (demo)");
        await Expect(row.GetByTestId("status-badge")).ToHaveTextAsync("Online");
        await Expect(row).ToContainTextAsync("Demo CMMS");
        await Expect(connections.Row("not-the-password")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_list_is_searched_and_filtered_by_status()
    {
        var ct = TestContext.Current.CancellationToken;
        await ConnectionsPage.ConnectDemoAsync(fixture.Api, "Searchable north site", ct);
        var disabled = await ConnectionsPage.ConnectDemoAsync(
            fixture.Api,
            "Searchable south site",
            ct
        );
        (
            await fixture.Api.PostAsync($"/api/connections/{disabled}/disable", null, ct)
        ).EnsureSuccessStatusCode();
        var page = await fixture.SignedInPageAsync();
        var connections = new ConnectionsPage(page);
        await connections.OpenListAsync();

        await page.GetByLabel("Search connections").FillAsync("searchable");
        await Expect(page.GetByTestId("connection-list").Locator("tbody tr")).ToHaveCountAsync(2);
        await page.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync("disabled");
        await Expect(page.GetByTestId("connection-list").Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(connections.Row("Searchable south site").GetByTestId("status-badge"))
            .ToHaveAttributeAsync("data-status", "disabled");
        page.Url.ShouldContain("status=disabled");

        await page.GetByLabel("Search connections").FillAsync("north");
        await Expect(page.GetByTestId("connection-list"))
            .ToContainTextAsync("No connection matches.");
    }

    [Fact]
    public async Task A_token_created_on_the_connection_page_is_shown_once_and_listed_by_its_prefix()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await ConnectionsPage.ConnectDemoAsync(fixture.Api, "Token holder", ct);
        var page = await fixture.SignedInPageAsync();
        var connections = new ConnectionsPage(page);
        await connections.OpenListAsync();
        await page.GetByLabel("Search connections").FillAsync("Token holder");
        await connections.OpenConnectionAsync("Token holder");
        await Expect(connections.Status).ToHaveAttributeAsync("data-status", "online");

        await page.GetByLabel("Token name").FillAsync("reporting");
        await page.GetByLabel("Token name").PressAsync("Enter");
        var shown = page.GetByTestId("new-token-value");
        await Expect(shown).ToBeVisibleAsync();
        await Expect(page.GetByTestId("new-token")).ToContainTextAsync("shown only this once");
        var token = await shown.InputValueAsync();
        token.Length.ShouldBeGreaterThan(20);
        await Screenshots.TakeAsync(page, "connection-token");

        var tokens = await fixture.Api.GetFromJsonAsync<JsonArray>(
            $"/api/connections/{id}/tokens",
            ct
        );
        var listed = tokens!.Single()!;
        var prefix = (string)listed["prefix"]!;
        token.ShouldStartWith(prefix);
        var row = page.GetByTestId("token-reporting");
        await Expect(row).ToContainTextAsync(prefix);
        await Expect(row).ToContainTextAsync("never");

        await page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(page.GetByTestId("new-token")).ToHaveCountAsync(0);
        await page.ReloadAsync();
        await Expect(page.GetByTestId("token-reporting")).ToContainTextAsync(prefix);
        (await page.ContentAsync()).ShouldNotContain(token);

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke reporting" }).ClickAsync();
        await Expect(page.GetByTestId("token-reporting")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Replaced_credentials_are_checked_first_and_a_connection_is_disabled_enabled_and_deleted()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await ConnectionsPage.ConnectDemoAsync(fixture.Api, "Kept credentials", ct);
        var page = await fixture.SignedInPageAsync();
        var connections = new ConnectionsPage(page);
        await connections.OpenListAsync();
        await page.GetByLabel("Search connections").FillAsync("Kept credentials");
        await connections.OpenConnectionAsync("Kept credentials");

        await page.GetByRole(AriaRole.Button, new() { Name = "Update credentials" }).ClickAsync();
        var form = page.GetByTestId("credentials-form");
        await Expect(connections.Credential("username", form))
            .ToHaveValueAsync(ConnectionsPage.DemoUsername);
        await Expect(connections.Credential("password", form)).ToHaveValueAsync("");
        await connections.Credential("password", form).FillAsync("a-wrong-password");
        await connections.Credential("password", form).PressAsync("Enter");
        await Expect(connections.CheckFailure)
            .ToContainTextAsync("The system refused these credentials");
        await Expect(connections.CheckFailure)
            .ToContainTextAsync("The stored credentials were kept");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        (
            await fixture.Api.PostAsync($"/api/connections/{id}/check", null, ct)
        ).EnsureSuccessStatusCode();
        var checkedAgain = await fixture.Api.GetFromJsonAsync<JsonObject>(
            $"/api/connections/{id}",
            ct
        );
        ((string)checkedAgain!["status"]!).ShouldBe("online");

        await page.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Expect(connections.Status).ToHaveAttributeAsync("data-status", "disabled");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Check now" }))
            .ToBeDisabledAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enable" }).ClickAsync();
        await Expect(connections.Status).Not.ToHaveAttributeAsync("data-status", "disabled");
        await Expect(page.GetByTestId("status-history")).ToContainTextAsync("Disabled");

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete connection" }).ClickAsync();
        await page.GetByTestId("connection-list").WaitForAsync();
        (await fixture.Api.GetAsync($"/api/connections/{id}", ct)).StatusCode.ShouldBe(
            System.Net.HttpStatusCode.NotFound
        );
    }

    [Fact]
    public async Task The_catalogue_is_searched_by_name_and_filtered_by_category()
    {
        var ct = TestContext.Current.CancellationToken;
        var catalogue = (await fixture.Api.GetFromJsonAsync<JsonArray>("/api/connectors", ct))!
            .Select(c => c!.AsObject())
            .ToList();
        var page = await fixture.SignedInPageAsync();
        var connections = new ConnectionsPage(page);
        await connections.OpenListAsync();
        await connections.OpenCatalogueAsync();
        await Expect(connections.ConnectorCards).ToHaveCountAsync(catalogue.Count);

        await connections.SearchCatalogueAsync("demo cmms");
        await Expect(connections.ConnectorCard("Demo CMMS")).ToBeVisibleAsync();
        await Expect(connections.ConnectorCard("MaintainX")).ToHaveCountAsync(0);
        await connections.SearchCatalogueAsync("maintainx");
        await Expect(connections.ConnectorCards).ToHaveCountAsync(1);
        await Expect(connections.ConnectorCard("MaintainX")).ToBeVisibleAsync();
        await connections.SearchCatalogueAsync("no system is called this");
        await Expect(page.GetByTestId("catalogue")).ToContainTextAsync("No system matches");

        await connections.SearchCatalogueAsync("");
        var group = page.GetByRole(AriaRole.Group, new() { Name = "Category" });
        await group.GetByRole(AriaRole.Button, new() { Name = "CMMS" }).ClickAsync();
        await Expect(connections.ConnectorCards)
            .ToHaveCountAsync(catalogue.Count(c => (string)c["category"]! == "CMMS"));
        await Expect(connections.ConnectorCard("Demo CMMS")).ToBeVisibleAsync();
        await group.GetByRole(AriaRole.Button, new() { Name = "EAM" }).ClickAsync();
        await Expect(connections.ConnectorCards)
            .ToHaveCountAsync(catalogue.Count(c => (string)c["category"]! == "EAM"));
        await Expect(connections.ConnectorCard("Demo CMMS")).ToHaveCountAsync(0);
        await Screenshots.TakeAsync(page, "connections-catalogue");

        // Enter in the search box opens the first match's connect form.
        await group.GetByRole(AriaRole.Button, new() { Name = "All" }).ClickAsync();
        await connections.SearchCatalogueAsync("maintainx");
        await page.GetByLabel("Search systems").PressAsync("Enter");
        await page.GetByTestId("connect-form").WaitForAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 }))
            .ToHaveTextAsync("Connect MaintainX");
    }
}

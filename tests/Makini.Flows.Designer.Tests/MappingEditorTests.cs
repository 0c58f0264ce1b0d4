using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Designer.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Makini.Flows.Designer.Tests;

/// <summary>
/// The Mappings tab of a connection in Chromium (docs/mappings.md): a Demo CMMS connection, synced, has its
/// work-order mapping changed, previewed, saved and reverted, and the records API follows each step.
/// </summary>
[Collection("designer")]
public sealed class MappingEditorTests(DesignerFixture fixture)
{
    private const string Entity = "work-orders";

    // Saving re-maps the stored records before it answers; the machines that run this are shared and busy.
    private static readonly LocatorAssertionsToContainTextOptions Slow = new() { Timeout = 60_000 };

    [Fact]
    public async Task A_remapped_title_and_a_JavaScript_custom_field_are_previewed_saved_served_filtered_and_reverted()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await ConnectionsPage.ConnectDemoAsync(fixture.Api, "Mapped plant", ct);
        await FirstSyncAsync(id, ct);
        var before = Keyed(await ListAsync(id, "per_page=50", ct));
        before.ShouldNotBeEmpty();

        var page = await fixture.SignedInPageAsync();
        var connections = new ConnectionsPage(page);
        await connections.OpenListAsync();
        await page.GetByLabel("Search connections").FillAsync("Mapped plant");
        await connections.OpenConnectionAsync("Mapped plant");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Mappings" }).ClickAsync();
        await page.GetByLabel("Entity", new() { Exact = true }).SelectOptionAsync(Entity);
        var editor = page.Locator($"[data-testid='mapping-editor'][data-entity='{Entity}']");
        await Expect(editor.GetByTestId("mapping-current-version"))
            .ToHaveAttributeAsync("data-version", "0");

        // The title comes from /title by default; it is remapped to the work order's type, picked from the list.
        var title = editor.GetByTestId("mapped-field-title");
        await Expect(title.Locator("[data-column='source']")).ToContainTextAsync("/title");
        await Expect(title.Locator("[data-column='source']")).ToContainTextAsync("default");
        await Expect(title.Locator("[data-column='sample']")).Not.ToHaveTextAsync("—");
        await editor
            .GetByRole(AriaRole.Button, new() { Name = "Edit title", Exact = true })
            .ClickAsync();
        await editor
            .GetByLabel("Source of title", new() { Exact = true })
            .SelectOptionAsync("path");
        var sourceField = editor.GetByRole(
            AriaRole.Combobox,
            new() { Name = "Source field of title", Exact = true }
        );
        await sourceField.FillAsync("typ");
        await editor
            .GetByRole(AriaRole.Option, new() { Name = "/type", Exact = true })
            .ClickAsync();
        await Expect(sourceField).ToHaveValueAsync("/type");
        await Expect(title).ToHaveAttributeAsync("data-changed", "true");
        await Expect(title.Locator("[data-column='draft']")).ToHaveTextAsync("/type");

        // A custom field computed by JavaScript; `raw.` offers the source record's fields.
        await editor.GetByRole(AriaRole.Button, new() { Name = "Add custom field" }).ClickAsync();
        await editor
            .GetByLabel("Name of custom field 1", new() { Exact = true })
            .FillAsync("costCenter");
        await editor
            .GetByLabel("Type of custom field 1", new() { Exact = true })
            .SelectOptionAsync("string");
        await editor
            .GetByLabel("Source of custom field 1", new() { Exact = true })
            .SelectOptionAsync("js");
        var expression = editor.GetByLabel("custom field 1 JavaScript", new() { Exact = true });
        await expression.FillAsync("'CC-' + raw.siteI");
        await Expect(
                editor
                    .GetByRole(
                        AriaRole.Listbox,
                        new() { Name = "Completions for custom field 1 JavaScript" }
                    )
                    .GetByRole(AriaRole.Option, new() { Name = "siteId", Exact = true })
            )
            .ToBeVisibleAsync();
        await expression.PressAsync("Enter");
        await Expect(expression).ToHaveValueAsync("'CC-' + raw.siteId");
        await editor
            .GetByLabel("Description of custom field 1", new() { Exact = true })
            .FillAsync("The site's cost centre");
        await Expect(editor.GetByTestId("unsaved-changes")).ToHaveAttributeAsync("data-count", "2");

        // The preview maps stored records with the draft: the title is now the type, costCenter is there.
        await editor
            .GetByRole(AriaRole.Button, new() { Name = "Preview", Exact = true })
            .ClickAsync();
        var previewed = editor.GetByTestId("mapping-preview").GetByTestId("preview-record");
        await Expect(previewed.First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var record = previewed.First;
        var titleRow = record.Locator("tr[data-field='title']");
        await Expect(titleRow).ToHaveAttributeAsync("data-changed", "true");
        (await titleRow.Locator("[data-column='after']").InnerTextAsync()).ShouldBe(
            await record
                .Locator("tr[data-field='categoryName'] [data-column='after']")
                .InnerTextAsync()
        );
        var costRow = record.Locator("tr[data-field='customFields.costCenter']");
        await Expect(costRow).ToHaveAttributeAsync("data-changed", "true");
        await Expect(costRow.Locator("[data-column='after']")).ToContainTextAsync("CC-");
        await Expect(editor.GetByTestId("mapping-current-version"))
            .ToHaveAttributeAsync("data-version", "0");
        await Screenshots.TakeAsync(page, "mapping-preview");

        // Save shows what changes, then saves on confirmation.
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        var review = editor.GetByTestId("save-changes");
        await Expect(review).ToContainTextAsync("fields › title");
        await Expect(review).ToContainTextAsync("customFields › costCenter");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Confirm save" }).ClickAsync();
        await Expect(editor.GetByTestId("mapping-message")).ToContainTextAsync("Saved", Slow);
        await Expect(editor.GetByTestId("mapping-current-version"))
            .Not.ToHaveAttributeAsync("data-version", "0");
        await Expect(editor.GetByTestId("unsaved-changes")).ToHaveAttributeAsync("data-count", "0");
        await Expect(title.Locator("[data-column='source']")).ToContainTextAsync("/type");
        await Expect(title.Locator("[data-column='source']")).ToContainTextAsync("mapping");

        // The records API serves the new title and the custom field at once, and filters on it.
        var saved = await ListAsync(id, "per_page=50", ct);
        var mapped = Keyed(saved);
        mapped.Keys.Intersect(before.Keys).ShouldNotBeEmpty();
        foreach (var (key, item) in mapped)
        {
            Text(item, "title").ShouldBe(Text(item, "categoryName"), key);
            Text(item["customFields"], "costCenter").ShouldBe($"CC-{Text(item, "siteKey")}", key);
        }
        var listed = await GetAsync(id, $"/api/eam/{Entity}/custom-fields", ct);
        var costCenter = listed["data"]!
            .AsArray()
            .Single(f => (string?)f!["name"] == "costCenter")!;
        ((string?)costCenter["type"]).ShouldBe("string");
        var site = Text(mapped.Values.First(), "siteKey");
        var filtered = await ListAsync(
            id,
            $"per_page=100&filter[customFields.costCenter]={Uri.EscapeDataString($"CC-{site}")}",
            ct
        );
        var matching = filtered["data"]!.AsArray();
        matching.ShouldNotBeEmpty();
        foreach (var item in matching)
        {
            Text(item!["customFields"], "costCenter").ShouldBe($"CC-{site}");
            Text(item, "siteKey").ShouldBe(site);
        }
        var none = await ListAsync(id, "filter[customFields.costCenter]=CC-nowhere", ct);
        ((int)none["meta"]!["total"]!).ShouldBe(0);

        // The history reverts to the connector's default (version 0), and the API answers as before.
        string? asked = null;
        page.Dialog += async (_, dialog) =>
        {
            asked = dialog.Message;
            await dialog.AcceptAsync();
        };
        await editor
            .GetByRole(AriaRole.Button, new() { Name = "History", Exact = true })
            .ClickAsync();
        var versions = editor.GetByTestId("mapping-history").GetByTestId("mapping-version");
        await Expect(versions.First).ToHaveAttributeAsync("data-current", "true");
        await Expect(versions.And(page.Locator("[data-version='0']"))).ToHaveCountAsync(1);
        await editor
            .GetByRole(AriaRole.Button, new() { Name = "Compare version 0 with the current one" })
            .ClickAsync();
        await Expect(editor.GetByTestId("version-changes")).ToContainTextAsync("costCenter");
        await Screenshots.TakeAsync(page, "mapping-history");
        await editor
            .GetByRole(AriaRole.Button, new() { Name = "Revert to version 0", Exact = true })
            .ClickAsync();
        await Expect(editor.GetByTestId("mapping-message"))
            .ToContainTextAsync("Reverted to version 0", Slow);
        asked.ShouldNotBeNull().ShouldContain("version 0");
        await Expect(title.Locator("[data-column='source']")).ToContainTextAsync("/title");

        var reverted = Keyed(await ListAsync(id, "per_page=50", ct));
        reverted.Keys.Intersect(before.Keys).ShouldNotBeEmpty();
        foreach (var (key, item) in reverted)
        {
            if (before.TryGetValue(key, out var original))
                Text(item, "title").ShouldBe(Text(original, "title"), key);
            item["customFields"]?["costCenter"].ShouldBeNull(key);
        }
    }

    /// <summary>Waits for the sync the connection starts when it is made (a backfill) to end well.</summary>
    private async Task FirstSyncAsync(string id, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var sync = await fixture.Api.GetFromJsonAsync<JsonObject>(
                $"/api/connections/{id}/sync",
                ct
            );
            if (
                (string?)sync!["last"]?["status"] == "completed"
                && (string?)sync["state"] == "idle"
            )
                return;
            attempt.ShouldBeLessThan(450, $"the first sync did not end: {sync.ToJsonString()}");
            await Task.Delay(200, ct);
        }
    }

    private Task<JsonObject> ListAsync(string id, string query, CancellationToken ct) =>
        GetAsync(id, $"/api/eam/{Entity}?{query}", ct);

    /// <summary>A records API call as a client of the connection makes it: the admin key and X-Connection-Id.</summary>
    private async Task<JsonObject> GetAsync(string id, string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Connection-Id", id);
        using var response = await fixture.Api.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        response.IsSuccessStatusCode.ShouldBeTrue($"GET {path}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private static Dictionary<string, JsonNode> Keyed(JsonObject page) =>
        page["data"]!.AsArray().ToDictionary(r => (string)r!["key"]!, r => r!);

    private static string? Text(JsonNode? node, string field) => node?[field]?.ToString();
}

using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Designer.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Makini.Flows.Designer.Tests;

/// <summary>A connection's Sync card and history in Chromium, syncing the server's in-process Demo CMMS.</summary>
[Collection("designer")]
public sealed class ConnectionSyncTests(DesignerFixture fixture)
{
    // A sync of the Demo CMMS takes seconds; the machines that run this are shared and often busy.
    private static readonly LocatorAssertionsToHaveAttributeOptions SyncEnds = new()
    {
        Timeout = 60_000,
    };

    [Fact]
    public async Task The_first_sync_shows_its_counts_and_Sync_now_and_Full_resync_add_their_syncs_to_the_history()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await ConnectionsPage.ConnectDemoAsync(fixture.Api, "Synced plant", ct);
        var page = await fixture.SignedInPageAsync();
        var connections = new ConnectionsPage(page);
        await connections.OpenListAsync();
        await page.GetByLabel("Search connections").FillAsync("Synced plant");
        await connections.OpenConnectionAsync("Synced plant");

        // The first sync starts when the connection is made and backfills; the page follows it to the end.
        var runs = connections.SyncRuns;
        await Expect(runs).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await Expect(runs.First).ToHaveAttributeAsync("data-status", "completed", SyncEnds);
        await Expect(runs.First).ToHaveAttributeAsync("data-mode", "backfill");
        await Expect(connections.SyncState).ToHaveAttributeAsync("data-state", "idle");
        await Expect(page.GetByTestId("last-success")).Not.ToHaveTextAsync("never");
        await Expect(page.GetByTestId("sync-counts")).ToContainTextAsync("Backfill");
        var inserted = await connections.SyncCountAsync("work-orders", "inserted");
        inserted.ShouldBeGreaterThan(0);
        var first = await fixture.Api.GetFromJsonAsync<JsonObject>(
            $"/api/connections/{id}/sync",
            ct
        );
        ((int)first!["last"]!["counts"]!["work-orders"]!["inserted"]!).ShouldBe(inserted);
        await Expect(runs.First.Locator("[data-column='totals']")).ToContainTextAsync("inserted");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();
        await Expect(runs).ToHaveCountAsync(2, new() { Timeout = 60_000 });
        var second = runs.First;
        await Expect(second).ToHaveAttributeAsync("data-mode", "incremental");
        await Expect(second).ToHaveAttributeAsync("data-trigger", "manual");
        await Expect(second).ToHaveAttributeAsync("data-status", "completed", SyncEnds);
        await Expect(connections.SyncState).ToHaveAttributeAsync("data-state", "idle");
        await Expect(page.GetByTestId("sync-counts")).ToContainTextAsync("Incremental");
        await Expect(runs.Nth(1)).ToHaveAttributeAsync("data-mode", "backfill");
        // The schedule's next slot, written just after the sync ends, replaces the time this sync was asked for.
        var nextRunAt = await NextScheduledRunAsync(id, ct);
        await Expect(page.GetByTestId("next-sync").Locator("time"))
            .ToHaveAttributeAsync("datetime", nextRunAt);
        await page.GetByTestId("sync-history").ScrollIntoViewIfNeededAsync();
        await Screenshots.TakeAsync(page, "connection-sync");

        string? asked = null;
        page.Dialog += async (_, dialog) =>
        {
            asked = dialog.Message;
            await dialog.AcceptAsync();
        };
        await page.GetByRole(AriaRole.Button, new() { Name = "Full resync" }).ClickAsync();
        await Expect(runs).ToHaveCountAsync(3, new() { Timeout = 60_000 });
        await Expect(runs.First).ToHaveAttributeAsync("data-mode", "full");
        await Expect(runs.First).ToHaveAttributeAsync("data-status", "completed", SyncEnds);
        asked
            .ShouldNotBeNull()
            .ShouldContain("marks the records the system no longer has as deleted");
        await Expect(page.GetByTestId("sync-error")).ToHaveCountAsync(0);
    }

    /// <summary>The next run as the API gives it, once it is the schedule's next slot (after now).</summary>
    private async Task<string> NextScheduledRunAsync(string id, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var sync = await fixture.Api.GetFromJsonAsync<JsonObject>(
                $"/api/connections/{id}/sync",
                ct
            );
            var next = sync!["nextRunAt"]?.GetValue<string>();
            if (
                next is not null
                && DateTimeOffset.Parse(next, CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow
            )
                return next;
            attempt.ShouldBeLessThan(50, $"no next run after the sync: {sync.ToJsonString()}");
            await Task.Delay(200, ct);
        }
    }
}

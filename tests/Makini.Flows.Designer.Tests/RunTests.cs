using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Designer.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Makini.Flows.Designer.Tests;

[Collection("designer")]
public sealed class RunTests(DesignerFixture fixture)
{
    [Fact]
    public async Task A_run_started_with_input_is_watched_to_the_end_and_its_journal_read()
    {
        await fixture.ImportSampleAsync("overdue-work-orders.flow.json", publish: true);
        var page = await fixture.SignedInPageAsync();
        var designer = new DesignerPage(page);
        await designer.OpenFlowAsync("Overdue work orders");
        await designer.TabAsync("run");
        await Expect(page.GetByTestId("live")).ToHaveAttributeAsync("data-live", "true");
        await page.Locator("#run-input")
            .FillAsync(
                await File.ReadAllTextAsync(
                    Path.Combine(Repository.Samples, "overdue-work-orders.input.json"),
                    TestContext.Current.CancellationToken
                )
            );
        await page.GetByTestId("run-start").ClickAsync();
        await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Completed");

        var ct = TestContext.Current.CancellationToken;
        var runs = await fixture.Api.GetFromJsonAsync<JsonArray>(
            "/api/runs?flowId=overdue-work-orders",
            ct
        );
        var runId = (string)runs![0]!["id"]!;
        var journal = await fixture.Api.GetFromJsonAsync<JsonArray>(
            $"/api/runs/{runId}/journal",
            ct
        );
        var ran = journal!.Select(e => (string)e!["activityId"]!).Distinct().ToList();
        ran.ShouldContain("each");
        foreach (var id in ran)
            await Expect(designer.Node(id)).ToHaveAttributeAsync("data-run-status", "completed");
        var loops = journal!.Count(e => (string)e!["activityId"]! == "late");
        if (loops > 1)
            await Expect(designer.Node("late").Locator(".run-badge"))
                .ToContainTextAsync($"×{loops}");

        await designer.SelectAsync("each");
        var entry = page.GetByTestId("journal-each");
        await Expect(entry).ToContainTextAsync("Outputs");
        await Expect(entry).ToContainTextAsync("\"count\"");
        await Expect(page.GetByTestId("run-output")).ToBeVisibleAsync();
        await Screenshots.TakeAsync(page, "designer-journal");
    }
}

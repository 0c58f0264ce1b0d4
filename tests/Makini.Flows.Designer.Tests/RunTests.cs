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

        // The inspector replays a stored run: hide it, then pick it from the runs list.
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Hide" })
            .ClickAsync();
        await Expect(designer.Node("each")).ToHaveAttributeAsync("data-run-status", "");
        await page.GetByTestId("run-item").First.ClickAsync();
        await Expect(designer.Node("each")).ToHaveAttributeAsync("data-run-status", "completed");
        await Expect(designer.Edge("start", "Done", "each"))
            .ToHaveClassAsync(new System.Text.RegularExpressions.Regex("edge-taken"));
    }

    [Fact]
    public async Task A_faulted_run_shows_the_failing_node_and_can_be_retried()
    {
        var ct = TestContext.Current.CancellationToken;
        var flow = """
            {
              "$schema": "https://schemas.makini.io/flows/flow-v1.json",
              "id": "always-fails",
              "name": "Always fails",
              "activities": [
                { "id": "start", "type": "Start", "inputs": {}, "position": { "x": 0, "y": 0 } },
                { "id": "fail", "type": "Fail", "inputs": { "message": { "literal": "boom" } }, "position": { "x": 300, "y": 0 } }
              ],
              "connections": [{ "source": "start", "sourcePort": "Done", "target": "fail" }]
            }
            """;
        using var body = new StringContent(flow, System.Text.Encoding.UTF8, "application/json");
        (
            await fixture.Api.PostAsync("/api/flows/import?publish=true", body, ct)
        ).EnsureSuccessStatusCode();

        var page = await fixture.SignedInPageAsync();
        var designer = new DesignerPage(page);
        await designer.OpenFlowAsync("Always fails");
        await designer.TabAsync("run");
        await Expect(page.GetByTestId("live")).ToHaveAttributeAsync("data-live", "true");
        await page.GetByTestId("run-start").ClickAsync();
        await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Faulted");
        await Expect(designer.Node("fail")).ToHaveAttributeAsync("data-run-status", "faulted");
        await Expect(page.GetByTestId("run-current")).ToContainTextAsync("boom");

        await page.GetByTestId("run-retry").ClickAsync();
        await Expect(designer.Node("fail").Locator(".run-badge")).ToContainTextAsync("×2");
        await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Faulted");
    }
}

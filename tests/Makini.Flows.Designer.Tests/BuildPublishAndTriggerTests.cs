using System.Text;
using Makini.Flows.Designer.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Makini.Flows.Designer.Tests;

[Collection("designer")]
public sealed class BuildPublishAndTriggerTests(DesignerFixture fixture)
{
    [Fact]
    public async Task A_flow_built_from_an_empty_canvas_is_published_triggered_and_its_branch_shown()
    {
        var page = await fixture.SignedInPageAsync();
        var designer = new DesignerPage(page);
        await designer.NewFlowAsync("big-orders", "Big orders");
        (await page.Locator(".react-flow__node").CountAsync()).ShouldBe(0);

        await designer.DropAsync("HttpTrigger", 120, 200);
        await page.Locator("#input-path").FillAsync("designer/orders");
        await page.Locator("#input-access").SelectOptionAsync("public");
        await designer.DropAsync("If", 420, 200);
        await designer.DropAsync("Log", 720, 100);
        await page.Locator("#input-message").FillAsync("a big order");
        await designer.DropAsync("Finish", 720, 350);

        await designer.ConnectAsync("httpTrigger", "Done", "if");
        await designer.ConnectAsync("if", "True", "log");
        await designer.ConnectAsync("if", "False", "finish");
        await designer.ConnectAsync("log", "Done", "finish");

        await designer.SelectAsync("if");
        await page.GetByTestId("input-condition-kind").SelectOptionAsync("js");
        var condition = page.GetByLabel("Condition JavaScript");
        await condition.FillAsync("input.body.amount >");
        await Expect(designer.Node("if")).ToHaveAttributeAsync("data-marker", "error");
        await Expect(page.GetByTestId("code-diagnostics")).ToContainTextAsync("line 1");
        await Expect(page.GetByTestId("problem").First)
            .ToContainTextAsync("/activities/1/inputs/condition");
        await Screenshots.TakeAsync(page, "designer-validation");

        // Unfinished work is kept: the draft is saved with its error, and publishing refuses it.
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.GetByTestId("banner")).ToContainTextAsync("Draft saved with 1 error(s)");

        await page.GetByTestId("publish").ClickAsync();
        await Expect(page.GetByTestId("banner")).ToContainTextAsync("Publishing refused");

        await condition.FillAsync("input.body.amount > 100");
        await Expect(designer.Node("if")).ToHaveAttributeAsync("data-marker", "");
        await Expect(page.GetByTestId("problems")).ToContainTextAsync("0 errors");

        await page.GetByTestId("publish").ClickAsync();
        await designer.WaitForStatusAsync("published v1");
        await Expect(page.GetByTestId("designer")).ToHaveAttributeAsync("data-live", "true");

        using var body = new StringContent("{\"amount\": 500}", Encoding.UTF8, "application/json");
        var response = await fixture.Api.PostAsync(
            "/hooks/designer/orders",
            body,
            TestContext.Current.CancellationToken
        );
        response.IsSuccessStatusCode.ShouldBeTrue(
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)
        );

        await Expect(designer.Node("log")).ToHaveAttributeAsync("data-run-status", "completed");
        await Expect(designer.Node("finish")).ToHaveAttributeAsync("data-run-status", "completed");
        await Expect(designer.Edge("if", "True", "log"))
            .ToHaveClassAsync(new System.Text.RegularExpressions.Regex("edge-taken"));
        await Expect(designer.Edge("if", "False", "finish"))
            .Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("edge-taken"));
        await designer.TabAsync("run");
        await Expect(page.GetByTestId("run-item")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("run-item").First).ToContainTextAsync("Completed");
        await Screenshots.TakeAsync(page, "designer-run");
    }
}

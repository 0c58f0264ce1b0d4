using Makini.Flows.Designer.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Makini.Flows.Designer.Tests;

[Collection("designer")]
public sealed class ImportExportTests(DesignerFixture fixture)
{
    [Fact]
    public async Task An_imported_sample_exports_byte_identical()
    {
        var sample = Path.Combine(Repository.Samples, "work-order-triage.flow.json");
        var page = await fixture.SignedInPageAsync();
        await page.GetByTestId("import-input").SetInputFilesAsync(sample);
        await Expect(page.GetByTestId("banner")).ToContainTextAsync("Imported work-order-triage");
        await Screenshots.TakeAsync(page, "flows-list");

        var designer = new DesignerPage(page);
        await designer.OpenFlowAsync("Work order triage");
        await Expect(page.Locator(".react-flow__node")).ToHaveCountAsync(7);
        var exported = await designer.ExportAsync();
        exported.ShouldBe(
            await File.ReadAllTextAsync(sample, TestContext.Current.CancellationToken)
        );
    }

    [Fact]
    public async Task Flow_files_dropped_on_the_list_are_imported()
    {
        const string name = "retry-until-ready.flow.json";
        var text = await File.ReadAllTextAsync(
            Path.Combine(Repository.Samples, name),
            TestContext.Current.CancellationToken
        );
        var page = await fixture.SignedInPageAsync();
        var files = await page.EvaluateHandleAsync(
            """
            ([name, text]) => {
              const transfer = new DataTransfer();
              transfer.items.add(new File([text], name, { type: "application/json" }));
              return transfer;
            }
            """,
            new object[] { name, text }
        );
        var list = page.GetByTestId("flow-list");
        await list.DispatchEventAsync(
            "dragover",
            new Dictionary<string, object> { ["dataTransfer"] = files }
        );
        await list.DispatchEventAsync(
            "drop",
            new Dictionary<string, object> { ["dataTransfer"] = files }
        );
        await Expect(page.GetByTestId("banner")).ToContainTextAsync("Imported retry-until-ready");
        await Expect(page.GetByTestId("flow-retry-until-ready")).ToContainTextAsync("draft");
    }

    [Fact]
    public async Task An_invalid_import_shows_the_servers_problems_with_pointers()
    {
        var file = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.flow.json");
        await File.WriteAllTextAsync(
            file,
            """{"$schema": "https://schemas.makini.io/flows/flow-v1.json", "id": "broken", "name": "B", "activities": [], "connections": []}""",
            TestContext.Current.CancellationToken
        );
        var page = await fixture.SignedInPageAsync();
        await page.GetByTestId("import-input").SetInputFilesAsync(file);
        var banner = page.GetByTestId("banner");
        await Expect(banner).ToContainTextAsync("Nothing was imported");
        await Expect(banner).ToContainTextAsync("/activities");
        await Expect(banner).ToContainTextAsync("no start activity");
    }
}

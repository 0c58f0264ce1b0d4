using Microsoft.Playwright;

namespace Makini.Flows.Designer.Tests.Infrastructure;

/// <summary>What a user does in the designer, as Playwright steps.</summary>
public sealed class DesignerPage(IPage page)
{
    public IPage Page => page;

    public ILocator Node(string id) => page.GetByTestId($"node-{id}");

    public ILocator Edge(string source, string port, string target) =>
        page.GetByTestId($"rf__edge-{source}:{port}->{target}:In");

    public async Task NewFlowAsync(string id, string name)
    {
        await page.GetByLabel("New flow id").FillAsync(id);
        await page.GetByLabel("New flow name").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "New flow" }).ClickAsync();
        await page.GetByTestId("designer").WaitForAsync();
    }

    public async Task OpenFlowAsync(string name)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await page.GetByTestId("designer").WaitForAsync();
    }

    /// <summary>Drags an activity from the toolbox and drops it at a point of the canvas.</summary>
    public async Task DropAsync(string type, float x, float y)
    {
        await page.GetByTestId($"toolbox-{type}")
            .DragToAsync(
                page.Locator(".react-flow__pane"),
                new()
                {
                    TargetPosition = new() { X = x, Y = y },
                }
            );
    }

    /// <summary>Drags a connection from an outcome port to another node's input port.</summary>
    public async Task ConnectAsync(string source, string port, string target)
    {
        var from = await Node(source)
            .Locator($".react-flow__handle[data-handleid='{port}']")
            .BoundingBoxAsync();
        var to = await Node(target)
            .Locator(".react-flow__handle[data-handleid='In']")
            .BoundingBoxAsync();
        await page.Mouse.MoveAsync(from!.X + from.Width / 2, from.Y + from.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(to!.X + to.Width / 2, to.Y + to.Height / 2, new() { Steps = 8 });
        await page.Mouse.UpAsync();
        // Attached, not visible: a horizontal edge has an empty bounding box.
        await Edge(source, port, target)
            .WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    public async Task MoveNodeAsync(string id, float dx, float dy)
    {
        var box = await Node(id).Locator(".activity-title").BoundingBoxAsync();
        var x = box!.X + 10;
        var y = box.Y + box.Height / 2;
        await page.Mouse.MoveAsync(x, y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(x + dx, y + dy, new() { Steps = 6 });
        await page.Mouse.UpAsync();
    }

    public Task SelectAsync(string id) => Node(id).Locator(".activity-title").ClickAsync();

    /// <summary>Clicks an empty part of the canvas (so the keyboard goes to the canvas, not a field).</summary>
    public Task ClickPaneAsync() =>
        page.Locator(".react-flow__pane")
            .ClickAsync(
                new()
                {
                    Position = new() { X = 20, Y = 20 },
                }
            );

    /// <summary>The flow as the Export button downloads it.</summary>
    public async Task<string> ExportAsync()
    {
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByTestId("export").ClickAsync()
        );
        var path = await download.PathAsync();
        return await File.ReadAllTextAsync(path);
    }

    public Task WaitForStatusAsync(string text) =>
        Assertions
            .Expect(page.GetByTestId("flow-status"))
            .ToContainTextAsync(text, new() { Timeout = 15_000 });

    public Task TabAsync(string tab) => page.GetByTestId($"tab-{tab}").ClickAsync();
}

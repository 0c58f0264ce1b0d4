using System.Text.Json.Nodes;
using Makini.Flows.Designer.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Makini.Flows.Designer.Tests;

[Collection("designer")]
public sealed class EditingTests(DesignerFixture fixture)
{
    [Fact]
    public async Task Undo_and_redo_of_add_move_connect_and_delete_restore_the_exact_flow()
    {
        var page = await fixture.SignedInPageAsync();
        var designer = new DesignerPage(page);
        await designer.NewFlowAsync("undo-redo", "Undo redo");
        var states = new List<string> { await designer.ExportAsync() };

        await designer.DropAsync("Start", 150, 200);
        states.Add(await designer.ExportAsync());
        await designer.DropAsync("Log", 500, 200);
        states.Add(await designer.ExportAsync());
        await designer.MoveNodeAsync("log", 60, 80);
        states.Add(await designer.ExportAsync());
        await designer.ConnectAsync("start", "Done", "log");
        states.Add(await designer.ExportAsync());
        await designer.SelectAsync("log");
        await page.Keyboard.PressAsync("Delete");
        await Expect(designer.Node("log")).ToHaveCountAsync(0);
        states.Add(await designer.ExportAsync());
        for (var i = 1; i < states.Count; i++)
            states[i].ShouldNotBe(states[i - 1], $"step {i} changed nothing");

        await designer.ClickPaneAsync();
        for (var i = states.Count - 2; i >= 0; i--)
        {
            await page.Keyboard.PressAsync("Control+z");
            (await designer.ExportAsync()).ShouldBe(states[i], $"after undoing to state {i}");
        }
        for (var i = 1; i < states.Count; i++)
        {
            await page.Keyboard.PressAsync("Control+Shift+z");
            (await designer.ExportAsync()).ShouldBe(states[i], $"after redoing to state {i}");
        }
    }

    [Fact]
    public async Task Copy_and_paste_of_three_connected_nodes_keeps_their_connections()
    {
        var page = await fixture.SignedInPageAsync();
        var designer = new DesignerPage(page);
        await designer.NewFlowAsync("copy-paste", "Copy paste");
        await designer.DropAsync("Log", 150, 150);
        await designer.DropAsync("Log", 450, 150);
        await designer.DropAsync("Log", 750, 150);
        await designer.ConnectAsync("log", "Done", "log2");
        await designer.ConnectAsync("log2", "Done", "log3");

        await designer.ClickPaneAsync();
        await page.Keyboard.PressAsync("Control+a");
        await page.Keyboard.PressAsync("Control+c");
        await page.Keyboard.PressAsync("Control+v");
        await Expect(page.Locator(".react-flow__node")).ToHaveCountAsync(6);

        var flow = JsonNode.Parse(await designer.ExportAsync())!;
        flow["activities"]!
            .AsArray()
            .Select(a => (string)a!["id"]!)
            .ShouldBe(["log", "log2", "log3", "log4", "log5", "log6"]);
        var connections = flow["connections"]!
            .AsArray()
            .Select(c => $"{c!["source"]}.{c["sourcePort"]}->{c["target"]}")
            .ToList();
        connections.ShouldBe([
            "log.Done->log2",
            "log2.Done->log3",
            "log4.Done->log5",
            "log5.Done->log6",
        ]);
    }
}

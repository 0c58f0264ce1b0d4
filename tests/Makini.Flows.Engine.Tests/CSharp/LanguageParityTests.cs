using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Tests.Support;

namespace Makini.Flows.Engine.Tests.CSharp;

/// <summary>The same flow written once with JavaScript and once with C# expressions gives the same results.</summary>
public sealed class LanguageParityTests
{
    private const string Input = """
        {
          "today": "2026-11-29",
          "workOrders": [
            { "id": "wo-1", "status": "open", "dueDate": "2026-11-20", "hours": 1.5 },
            { "id": "wo-2", "status": "completed", "dueDate": "2026-11-01", "hours": 4 },
            { "id": "wo-3", "status": "in_progress", "dueDate": "2026-12-05", "hours": 2 },
            { "id": "wo-4", "status": "on_hold", "dueDate": "2026-11-28", "hours": 0.25 }
          ]
        }
        """;

    [Fact]
    public async Task A_flow_gives_the_same_output_and_path_in_javascript_and_csharp()
    {
        var javaScript = await TestFlows.RunScenarioAsync("parity-js", Input);
        var cSharp = await TestFlows.RunScenarioAsync("parity-cs", Input);

        javaScript.Status.ShouldBe(RunStatus.Completed, javaScript.Error?.Message);
        cSharp.Status.ShouldBe(RunStatus.Completed, cSharp.Error?.Message);
        JsonNode
            .DeepEquals(cSharp.Output, javaScript.Output)
            .ShouldBeTrue(
                $"C#: {cSharp.Output?.ToJsonString()}\nJS: {javaScript.Output?.ToJsonString()}"
            );
        JsonNode
            .DeepEquals(
                javaScript.Output,
                JsonNode.Parse(
                    """{"overdue": ["wo-1", "wo-4"], "hours": 9.25, "count": 4, "first": "WO-1"}"""
                )
            )
            .ShouldBeTrue(javaScript.Output?.ToJsonString());
        TestFlows.Path(cSharp).ShouldBe(TestFlows.Path(javaScript));
    }
}

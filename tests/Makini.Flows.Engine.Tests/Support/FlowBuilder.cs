using System.Text.Json.Nodes;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Serialization;

namespace Makini.Flows.Engine.Tests.Support;

/// <summary>Builds small flows in code for tests that vary one script.</summary>
public static class FlowBuilder
{
    /// <summary>Start, then a SetVariable of <c>result</c> to the script's value, then Finish with it.</summary>
    public static FlowDefinition EvaluateScript(string javaScript) =>
        EvaluateScript(InputExpression.FromJavaScript(javaScript));

    /// <summary>The same flow with a C# script.</summary>
    public static FlowDefinition EvaluateCSharp(string cSharp) =>
        EvaluateScript(InputExpression.FromCSharp(cSharp));

    private static FlowDefinition EvaluateScript(InputExpression script) =>
        new()
        {
            Schema = FlowJson.SchemaUri,
            Id = "script",
            Name = "Evaluate one script",
            Variables = [new VariableDefinition { Name = "result" }],
            Activities =
            [
                new ActivityNode { Id = "start", Type = "Start" },
                new ActivityNode
                {
                    Id = "evaluate",
                    Type = "SetVariable",
                    Inputs = new()
                    {
                        ["variable"] = InputExpression.FromLiteral(JsonValue.Create("result")),
                        ["value"] = script,
                    },
                },
                new ActivityNode
                {
                    Id = "finish",
                    Type = "Finish",
                    Inputs = new() { ["output"] = InputExpression.FromVariable("result") },
                },
            ],
            Connections =
            [
                new Connection
                {
                    Source = "start",
                    SourcePort = "Done",
                    Target = "evaluate",
                },
                new Connection
                {
                    Source = "evaluate",
                    SourcePort = "Done",
                    Target = "finish",
                },
            ],
        };
}

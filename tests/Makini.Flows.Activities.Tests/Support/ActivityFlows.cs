using System.Text.Json.Nodes;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Serialization;

namespace Makini.Flows.Activities.Tests.Support;

/// <summary>Runs one activity in a flow of its own (Start, then the activity as node <c>call</c>).</summary>
public static class ActivityFlows
{
    public const string NodeId = "call";

    public static FlowDefinition Single(string type, Dictionary<string, InputExpression> inputs) =>
        new()
        {
            Schema = FlowJson.SchemaUri,
            Id = "single-" + type.ToLowerInvariant(),
            Name = type,
            Activities =
            [
                new ActivityNode { Id = "start", Type = "Start" },
                new ActivityNode
                {
                    Id = NodeId,
                    Type = type,
                    Inputs = inputs,
                },
            ],
            Connections =
            [
                new Connection
                {
                    Source = "start",
                    SourcePort = "Done",
                    Target = NodeId,
                },
            ],
        };

    public static Task<RunState> RunAsync(
        FlowDefinition flow,
        IServiceProvider? services,
        TimeProvider? time = null
    )
    {
        var engine = new FlowEngine(
            MakiniActivities.CreateRegistry(),
            new FlowEngineOptions
            {
                Services = services,
                TimeProvider = time ?? TimeProvider.System,
            }
        );
        return engine.StartAsync(
            engine.Prepare(flow),
            new JsonObject(),
            TestContext.Current.CancellationToken
        );
    }

    public static InputExpression Literal(JsonNode? value) => InputExpression.FromLiteral(value);

    /// <summary>Outputs of the node <c>call</c>.</summary>
    public static Dictionary<string, JsonNode?> Outputs(RunState run) => run.Outputs[NodeId];

    /// <summary>The port the node <c>call</c> continued along, or null when it faulted.</summary>
    public static string? Port(RunState run) =>
        run.Journal.Single(j => j.ActivityId == NodeId).Outcomes?.SingleOrDefault();
}

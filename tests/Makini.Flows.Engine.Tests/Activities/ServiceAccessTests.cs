using System.Text.Json.Nodes;
using Makini.Flows.Engine.Activities;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Serialization;

namespace Makini.Flows.Engine.Tests.Activities;

/// <summary>Activities reach the host's services through the context, and fault clearly when one is missing.</summary>
public sealed class ServiceAccessTests
{
    [Fact]
    public async Task An_activity_uses_a_service_the_host_provides()
    {
        var run = await RunAsync(new Services(new Greeting("Hello")));

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        run.Output!.GetValue<string>().ShouldBe("Hello, Ada");
    }

    [Fact]
    public async Task Without_the_service_the_activity_faults_naming_what_is_missing()
    {
        var run = await RunAsync(services: null);

        run.Status.ShouldBe(RunStatus.Faulted);
        run.Error!.Message.ShouldBe(
            "Greet needs the service Greeting, which this host does not provide (FlowEngineOptions.Services)"
        );
    }

    [Fact]
    public async Task The_execution_sequence_numbers_executions_within_the_run()
    {
        var run = await RunAsync(new Services(new Greeting("Hi")));

        run.Journal.Single(j => j.ActivityId == "greet").Sequence.ShouldBe(2);
        run.Journal.Single(j => j.ActivityId == "greet").Outputs!["sequence"]!
            .GetValue<int>()
            .ShouldBe(2);
    }

    private static async Task<RunState> RunAsync(IServiceProvider? services)
    {
        var engine = new FlowEngine(
            ActivityRegistry.CreateWithBuiltIns().Register<Greet>(),
            new FlowEngineOptions { Services = services }
        );
        var plan = engine.Prepare(GreetFlow());
        return await engine.StartAsync(
            plan,
            new JsonObject(),
            TestContext.Current.CancellationToken
        );
    }

    private static FlowDefinition GreetFlow() =>
        new()
        {
            Schema = FlowJson.SchemaUri,
            Id = "greet",
            Name = "Greet",
            Activities =
            [
                new ActivityNode { Id = "start", Type = "Start" },
                new ActivityNode
                {
                    Id = "greet",
                    Type = "Greet",
                    Inputs = new()
                    {
                        ["name"] = InputExpression.FromLiteral(JsonValue.Create("Ada")),
                    },
                },
                new ActivityNode
                {
                    Id = "finish",
                    Type = "Finish",
                    Inputs = new()
                    {
                        ["output"] = InputExpression.FromJavaScript("outputs.greet.text"),
                    },
                },
            ],
            Connections =
            [
                new Connection
                {
                    Source = "start",
                    SourcePort = "Done",
                    Target = "greet",
                },
                new Connection
                {
                    Source = "greet",
                    SourcePort = "Done",
                    Target = "finish",
                },
            ],
        };

    public sealed record Greeting(string Word);

    private sealed class Services(Greeting greeting) : IServiceProvider
    {
        public object? GetService(Type serviceType) =>
            serviceType == typeof(Greeting) ? greeting : null;
    }

    [Activity("Greet", "Test", "Greets someone with the host's greeting.")]
    public sealed class Greet : Activity
    {
        [Input("Who.", Required = true)]
        public Input<string> Name { get; set; } = null!;

        [Output("The greeting.")]
        public Output<string> Text { get; set; } = null!;

        [Output("The execution sequence.")]
        public Output<int> Sequence { get; set; } = null!;

        public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
        {
            var greeting = context.GetRequiredService<Greeting>();
            context.Set(Text, $"{greeting.Word}, {context.Get(Name)}");
            context.Set(Sequence, context.ExecutionSequence);
            return ValueTask.FromResult(ActivityResult.Done);
        }
    }
}

using System.Text.Json.Nodes;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Serialization;

namespace Makini.Flows.Engine.Tests.Support;

/// <summary>Loads flow files used by tests and runs them on a fresh engine.</summary>
public static class TestFlows
{
    public static string ScenarioPath(string name) =>
        System.IO.Path.Combine(
            AppContext.BaseDirectory,
            "Scenarios",
            name.EndsWith(".json") ? name : name + ".flow.json"
        );

    public static FlowDefinition LoadScenario(string name) =>
        FlowJson.Deserialize(File.ReadAllText(ScenarioPath(name)));

    public static FlowEngine NewEngine(FlowEngineOptions? options = null) => new(options: options);

    public static async Task<RunState> RunScenarioAsync(
        string name,
        string inputJson = "{}",
        FlowEngineOptions? options = null
    )
    {
        var engine = NewEngine(
            options
                ?? new FlowEngineOptions
                {
                    Flows = new DirectoryFlowProvider(
                        System.IO.Path.Combine(AppContext.BaseDirectory, "Scenarios")
                    ),
                }
        );
        var plan = engine.Prepare(LoadScenario(name));
        return await engine.StartAsync(
            plan,
            JsonNode.Parse(inputJson),
            TestContext.Current.CancellationToken
        );
    }

    /// <summary>Activity ids in the order they executed.</summary>
    public static string[] Path(RunState run) => run.Journal.Select(j => j.ActivityId).ToArray();

    public static int Executions(RunState run, string activityId) =>
        run.Journal.Count(j => j.ActivityId == activityId);

    /// <summary>Finds the repository root (the folder holding Makini.sln) from the test's output folder.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (
            directory is not null
            && !File.Exists(System.IO.Path.Combine(directory.FullName, "Makini.sln"))
        )
            directory = directory.Parent;
        return directory?.FullName
            ?? throw new InvalidOperationException("Makini.sln not found above the test folder");
    }
}

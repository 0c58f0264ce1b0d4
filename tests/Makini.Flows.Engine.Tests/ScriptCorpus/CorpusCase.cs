using System.Text.Json.Nodes;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Serialization;

namespace Makini.Flows.Engine.Tests.ScriptCorpus;

/// <summary>
/// One case of the script corpus (<c>ScriptCorpus/NNN-name.json</c>, see the README there): a script as users write
/// it, the same logic as one expression where one exists, the run's input (and variables, or loop items), and the
/// frozen result. Shared with the benchmarks, which time the script against its one-expression form.
/// </summary>
public sealed class CorpusCase
{
    public const string Folder = "ScriptCorpus";

    /// <summary>The id of the flow variable the script's value is stored in.</summary>
    public const string ResultVariable = "result";

    public required string Id { get; init; }
    public required string Description { get; init; }

    /// <summary>"mapping" or "condition".</summary>
    public required string Kind { get; init; }
    public required IReadOnlyList<string> Styles { get; init; }
    public required string Script { get; init; }
    public string? OneExpression { get; init; }
    public required string InputText { get; init; }

    /// <summary>Flow variables and their values when the run starts (<c>vars.name</c>).</summary>
    public JsonObject? Vars { get; init; }

    /// <summary>When present, the script runs in a ForEach body once per item, with <c>item</c> and <c>index</c>.</summary>
    public JsonArray? Items { get; init; }

    /// <summary>
    /// Problems the case shows that are not fixed yet, by what they break: "result" (the engine's value of the script
    /// is not what the script means; <see cref="Expected"/> is what it means, and the one-expression form is written
    /// to give it) or "stored" (a stored run holds other bytes with
    /// the production path's value than with Jint's). Each is reported as a skipped check until it no longer shows.
    /// </summary>
    public IReadOnlyDictionary<string, string> KnownIssues { get; init; } =
        new Dictionary<string, string>();
    public bool HasExpected { get; init; }
    public JsonNode? Expected { get; init; }
    public required string Path { get; init; }

    /// <summary>The input as the server has it after reading a request body: parsed JSON, not yet turned into nodes.</summary>
    public JsonNode? Input() => JsonNode.Parse(InputText);

    public static IReadOnlyList<CorpusCase> LoadAll(string? directory = null)
    {
        directory ??= System.IO.Path.Combine(AppContext.BaseDirectory, Folder);
        return Directory
            .GetFiles(directory, "*.json")
            .Order(StringComparer.Ordinal)
            .Select(Load)
            .ToList();
    }

    public static CorpusCase Load(string path)
    {
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        return new CorpusCase
        {
            Id = System.IO.Path.GetFileNameWithoutExtension(path),
            Path = path,
            Description = (string)json["description"]!,
            Kind = (string)json["kind"]!,
            Styles = json["styles"]?.AsArray().Select(s => (string)s!).ToList() ?? [],
            Script = Text(json["script"])!,
            OneExpression = Text(json["oneExpression"]),
            InputText = json["input"]?.ToJsonString() ?? "null",
            Vars = json["vars"]?.DeepClone().AsObject(),
            Items = json["items"]?.DeepClone().AsArray(),
            KnownIssues =
                json["knownIssues"]?.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!)
                ?? new Dictionary<string, string>(),
            HasExpected = json.ContainsKey("expected"),
            Expected = json["expected"]?.DeepClone(),
        };
    }

    /// <summary>A script is one string, or an array of lines (easier to read in the file).</summary>
    private static string? Text(JsonNode? node) =>
        node switch
        {
            null => null,
            JsonArray lines => string.Join('\n', lines.Select(l => (string)l!)),
            _ => (string)node!,
        };

    /// <summary>
    /// The flow that evaluates <paramref name="script"/> as an activity input: Start, then SetVariable with the
    /// script as its value (inside a ForEach over <see cref="Items"/> when the case has them), then Finish with
    /// the variable as the run's output.
    /// </summary>
    public FlowDefinition Flow(string script, string flowId)
    {
        var variables = new List<VariableDefinition>();
        foreach (var (name, value) in Vars ?? [])
            variables.Add(new VariableDefinition { Name = name, Default = value?.DeepClone() });
        variables.Add(new VariableDefinition { Name = ResultVariable });
        var activities = new List<ActivityNode>
        {
            new() { Id = "start", Type = "Start" },
            new()
            {
                Id = "evaluate",
                Type = "SetVariable",
                Inputs = new()
                {
                    ["variable"] = InputExpression.FromLiteral(JsonValue.Create(ResultVariable)),
                    ["value"] = InputExpression.FromJavaScript(script),
                },
            },
            new()
            {
                Id = "finish",
                Type = "Finish",
                Inputs = new() { ["output"] = InputExpression.FromVariable(ResultVariable) },
            },
        };
        List<Connection> connections;
        if (Items is null)
            connections =
            [
                Connect("start", "Done", "evaluate"),
                Connect("evaluate", "Done", "finish"),
            ];
        else
        {
            activities.Add(
                new ActivityNode
                {
                    Id = "loop",
                    Type = "ForEach",
                    Inputs = new() { ["items"] = InputExpression.FromLiteral(Items.DeepClone()) },
                }
            );
            connections =
            [
                Connect("start", "Done", "loop"),
                Connect("loop", "Body", "evaluate"),
                Connect("loop", "Done", "finish"),
            ];
        }
        return new FlowDefinition
        {
            Schema = FlowJson.SchemaUri,
            Id = flowId,
            Name = $"Script corpus {Id}",
            Variables = variables,
            Activities = activities,
            Connections = connections,
        };
    }

    /// <summary>A condition as an If's input: the run's output is true when the If took its True branch.</summary>
    public FlowDefinition Branch(string condition, string flowId)
    {
        var variables = new List<VariableDefinition>();
        foreach (var (name, value) in Vars ?? [])
            variables.Add(new VariableDefinition { Name = name, Default = value?.DeepClone() });
        return new FlowDefinition
        {
            Schema = FlowJson.SchemaUri,
            Id = flowId,
            Name = $"Script corpus {Id} as an If",
            Variables = variables,
            Activities =
            [
                new() { Id = "start", Type = "Start" },
                new()
                {
                    Id = "check",
                    Type = "If",
                    Inputs = new() { ["condition"] = InputExpression.FromJavaScript(condition) },
                },
                Finish("yes", true),
                Finish("no", false),
            ],
            Connections =
            [
                Connect("start", "Done", "check"),
                Connect("check", "True", "yes"),
                Connect("check", "False", "no"),
            ],
        };
    }

    private static ActivityNode Finish(string id, bool output) =>
        new()
        {
            Id = id,
            Type = "Finish",
            Inputs = new() { ["output"] = InputExpression.FromLiteral(JsonValue.Create(output)) },
        };

    private static Connection Connect(string source, string port, string target) =>
        new()
        {
            Source = source,
            SourcePort = port,
            Target = target,
        };

    /// <summary>For a case with items: the script's value for each item, in order, read from the run's journal.</summary>
    public static IReadOnlyList<JsonNode?> ItemValues(RunState run) =>
        run.Journal.Where(j => j.ActivityId == "evaluate").Select(j => j.Inputs!["value"]).ToList();
}

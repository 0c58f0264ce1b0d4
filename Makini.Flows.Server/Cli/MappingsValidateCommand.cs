using System.Text.Json.Nodes;
using Makini.Flows.Activities;
using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Connectors.Mappings;
using Makini.Flows.Connectors.Unified;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Validation;
using Makini.Flows.Server.Mappings;

namespace Makini.Flows.Server.Cli;

/// <summary>
/// <c>mappings validate FILE... --connector ID [--entity NAME] [--connectors DIR]</c>: checks mapping documents, or
/// exported mappings files, as a save would (schema, fields of the entity, scripts compiled), without a server, and
/// prints every problem as <c>file: pointer (line, column): message</c>.
/// </summary>
public static class MappingsValidateCommand
{
    public const string Usage =
        "usage: mappings validate FILE... [--connector ID] [--entity NAME] [--connectors DIR]";

    public static int Run(string[] args, TextWriter output, TextWriter errors)
    {
        var files = new List<string>();
        string? connector = null,
            entity = null,
            folder = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--connector" when i + 1 < args.Length:
                    connector = args[++i];
                    break;
                case "--entity" when i + 1 < args.Length:
                    entity = args[++i];
                    break;
                case "--connectors" when i + 1 < args.Length:
                    folder = args[++i];
                    break;
                case var flag when flag.StartsWith("--", StringComparison.Ordinal):
                    errors.WriteLine(Usage);
                    return CliCommands.Usage;
                default:
                    files.Add(args[i]);
                    break;
            }
        }
        if (files.Count == 0)
        {
            errors.WriteLine(Usage);
            return CliCommands.Usage;
        }
        folder ??= Directory.Exists("connectors")
            ? "connectors"
            : Path.Combine(AppContext.BaseDirectory, "connectors");
        var (catalog, _) = ConnectorCatalog.Load(folder);
        var engine = new FlowEngine(MakiniActivities.CreateRegistry());
        var failed = 0;
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                errors.WriteLine($"{file}: no such file");
                return CliCommands.Usage;
            }
            var text = File.ReadAllText(file);
            var problems = Check(text, catalog, engine, connector, entity);
            if (problems.Count == 0)
                output.WriteLine($"{file}: ok");
            foreach (var problem in problems)
                output.WriteLine($"{file}: {Where(problem, text)}: {problem.Message}");
            if (problems.Any(p => p.Severity == ProblemSeverity.Error))
                failed++;
        }
        output.WriteLine($"{files.Count} file(s), {failed} with problems");
        return failed == 0 ? CliCommands.Ok : CliCommands.Failed;
    }

    private static List<FlowProblem> Check(
        string text,
        ConnectorCatalog catalog,
        FlowEngine engine,
        string? connector,
        string? entity
    )
    {
        var problems = new List<FlowProblem>();
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            // The compiler reports the syntax error with its line and column.
            root = null;
        }
        if (root is JsonObject { } file && file.ContainsKey("format"))
        {
            var entities = MappingTransfer.Read(text, connector, problems);
            connector ??= (string?)file["connector"];
            foreach (var (name, document) in entities ?? [])
            {
                var pointer = $"/entities/{JsonPointer.Escape(name)}";
                var found = new List<FlowProblem>();
                Compile(
                    document?.ToJsonString() ?? "null",
                    catalog,
                    engine,
                    connector,
                    name,
                    pointer,
                    found
                );
                problems.AddRange(found.Select(p => p with { Pointer = pointer + p.Pointer }));
            }
            return problems;
        }
        entity ??= (string?)(root as JsonObject)?["entity"];
        Compile(text, catalog, engine, connector, entity, "", problems);
        return problems;
    }

    private static void Compile(
        string text,
        ConnectorCatalog catalog,
        FlowEngine engine,
        string? connector,
        string? entity,
        string at,
        List<FlowProblem> problems
    )
    {
        if (connector is null || catalog.Find(connector) is not { } manifest)
        {
            problems.Add(
                FlowProblem.Error(
                    ProblemCodes.UnknownName,
                    "",
                    connector is null
                        ? "name the connector whose default the mapping overlays: --connector ID"
                        : $"no connector '{connector}' among the manifests (--connectors DIR)"
                )
            );
            return;
        }
        if (
            entity is null
            || UnifiedModel.Find(entity) is not { } unified
            || manifest.Stream(entity) is not { } stream
        )
        {
            problems.Add(
                FlowProblem.Error(
                    ProblemCodes.UnknownName,
                    at.Length == 0 ? "/entity" : "",
                    entity is null
                        ? "name the entity: --entity work-orders, or \"entity\" in the document"
                        : $"the {connector} connector does not sync '{entity}'"
                )
            );
            return;
        }
        MappingCompiler.Compile(stream, unified, text, engine, 0, problems);
    }

    private static string Where(FlowProblem problem, string text)
    {
        var pointer = problem.Pointer.Length == 0 ? "/" : problem.Pointer;
        if (problem.Line is { } line)
            return $"{pointer} (line {line}, column {problem.Column})";
        return JsonPointerLocator.Find(text, problem.Pointer) is { } at
            ? $"{pointer} (line {at.Line}, column {at.Column})"
            : pointer;
    }
}

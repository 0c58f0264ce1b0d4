using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Activities;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Serialization;
using Makini.Flows.Engine.Validation;
using Makini.Flows.Server.Extensions;

namespace Makini.Flows.Server.Cli;

/// <summary><c>run FILE [--input JSON | --input-file FILE] [--flows DIR]</c>: runs a flow file here and now.</summary>
public static class RunCommand
{
    public static async Task<int> RunAsync(
        string[] args,
        TextWriter output,
        TextWriter errors,
        CancellationToken cancellationToken
    )
    {
        if (!TryParse(args, out var file, out var inputText, out var flowsDirectory, out var usage))
        {
            errors.WriteLine(usage);
            return CliCommands.Usage;
        }
        JsonNode? input;
        try
        {
            input = JsonNode.Parse(inputText);
        }
        catch (JsonException exception)
        {
            errors.WriteLine($"the input is not valid JSON: {exception.Message}");
            return CliCommands.Usage;
        }

        // The same outbound client and secrets as the server, from environment variables
        // (Outbound__AllowedRanges__0, Hooks__Secrets__<name>).
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        ServiceProvider services;
        try
        {
            services = new ServiceCollection()
                .AddMakiniOutbound(configuration, IsDevelopment(configuration))
                .BuildServiceProvider();
        }
        catch (InvalidOperationException exception)
        {
            errors.WriteLine(exception.Message);
            return CliCommands.Usage;
        }
        await using var _ = services;
        var engine = new FlowEngine(
            MakiniActivities.CreateRegistry(),
            options: new FlowEngineOptions
            {
                Services = services,
                Flows = new DirectoryFlowProvider(flowsDirectory),
                Log = (run, activity, level, message) =>
                    errors.WriteLine($"[{level}] {activity}: {message}"),
            }
        );
        var validation = engine.Validator.Validate(File.ReadAllText(file), out var flow);
        foreach (var problem in validation.Problems)
            errors.WriteLine($"{file}: {problem}");
        if (validation.HasErrors || flow is null)
            return CliCommands.Failed;

        RunState run;
        try
        {
            run = await LocalRunner.RunToEndAsync(
                engine,
                engine.Prepare(flow),
                input,
                cancellationToken
            );
        }
        catch (FlowInputException exception)
        {
            foreach (var problem in exception.Problems)
                errors.WriteLine($"input{problem.Pointer["/input".Length..]}: {problem.Message}");
            return CliCommands.Failed;
        }
        Print(run, output);
        return run.Status == RunStatus.Completed ? CliCommands.Ok : CliCommands.Failed;
    }

    private static bool IsDevelopment(IConfiguration configuration) =>
        string.Equals(
            configuration["DOTNET_ENVIRONMENT"] ?? configuration["ASPNETCORE_ENVIRONMENT"],
            Environments.Development,
            StringComparison.OrdinalIgnoreCase
        );

    private static void Print(RunState run, TextWriter output)
    {
        var total = run.Journal.Sum(j => j.DurationMs);
        output.WriteLine(
            $"status: {run.Status} ({run.Journal.Count} activity executions, {total.ToString("0.###", CultureInfo.InvariantCulture)} ms)"
        );
        if (run.Error is { } error)
            output.WriteLine(
                $"error: {error.Message} (activity '{error.ActivityId}', {error.ActivityType})"
            );
        foreach (var bookmark in run.AllBookmarks())
            output.WriteLine(
                $"waiting: {bookmark.Kind} at '{bookmark.ActivityId}', bookmark {bookmark.Id}"
            );
        output.WriteLine("output:");
        output.WriteLine(run.Output?.ToJsonString(FlowJson.Options) ?? "null");
        output.WriteLine("journal:");
        output.WriteLine(
            $"  {"#", 4}  {"activity", -20} {"type", -12} {"iteration", -9} {"ms", 9}  result"
        );
        foreach (var entry in run.Journal)
        {
            var result =
                entry.Error is not null ? $"error: {entry.Error}"
                : entry.Suspended ? "suspended"
                : string.Join(", ", entry.Outcomes ?? []);
            output.WriteLine(
                $"  {entry.Sequence, 4}  {entry.ActivityId, -20} {entry.ActivityType, -12} {entry.Iteration ?? "", -9} {entry.DurationMs.ToString("0.000", CultureInfo.InvariantCulture), 9}  {result}"
            );
        }
    }

    private static bool TryParse(
        string[] args,
        out string file,
        out string input,
        out string flowsDirectory,
        out string usage
    )
    {
        usage = "usage: run FILE [--input JSON | --input-file FILE] [--flows DIR]";
        file = "";
        input = "{}";
        flowsDirectory = "";
        for (var i = 0; i < args.Length; i++)
        {
            var hasValue = i + 1 < args.Length;
            switch (args[i])
            {
                case "--input" when hasValue:
                    input = args[++i];
                    break;
                case "--input-file" when hasValue:
                    if (!File.Exists(args[++i]))
                    {
                        usage = $"{args[i]}: no such input file";
                        return false;
                    }
                    input = File.ReadAllText(args[i]);
                    break;
                case "--flows" when hasValue:
                    flowsDirectory = args[++i];
                    break;
                case var path
                    when file.Length == 0 && !path.StartsWith("--", StringComparison.Ordinal):
                    file = path;
                    break;
                default:
                    usage = $"unexpected argument '{args[i]}'\n{usage}";
                    return false;
            }
        }
        if (file.Length == 0 || !File.Exists(file))
        {
            usage = file.Length == 0 ? usage : $"{file}: no such flow file";
            return false;
        }
        if (flowsDirectory.Length == 0)
            flowsDirectory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        return true;
    }
}

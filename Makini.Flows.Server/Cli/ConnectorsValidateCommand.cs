using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Server.Cli;

/// <summary>
/// <c>connectors validate DIR|FILE...</c>: reads manifests as the server does at start (a folder through
/// <see cref="ConnectorCatalog.Load"/>, ids unique in it) and prints every problem as
/// <c>file: pointer (line, column): message</c>.
/// </summary>
public static class ConnectorsValidateCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter errors)
    {
        if (args.Length == 0 || args.Any(a => a.StartsWith("--", StringComparison.Ordinal)))
        {
            errors.WriteLine("usage: connectors validate DIR|FILE...");
            return CliCommands.Usage;
        }
        var files = new List<string>();
        var problems = new List<FolderProblem>();
        foreach (var arg in args)
        {
            if (Directory.Exists(arg))
            {
                files.AddRange(Directory.GetFiles(arg, "*.json").Order(StringComparer.Ordinal));
                problems.AddRange(ConnectorCatalog.Load(arg).Problems);
            }
            else if (File.Exists(arg))
            {
                files.Add(arg);
                var fileProblems = new List<FlowProblem>();
                ManifestReader.Read(File.ReadAllText(arg), fileProblems);
                problems.AddRange(fileProblems.Select(p => new FolderProblem(arg, p)));
            }
            else
            {
                errors.WriteLine($"{arg}: no such file or folder");
                return CliCommands.Usage;
            }
        }

        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var ofFile = problems.Where(p => p.File == file).ToList();
            if (ofFile.Count == 0)
                output.WriteLine($"{file}: ok");
            foreach (var (_, problem) in ofFile)
                output.WriteLine(
                    $"{file}: {Where(problem, file, texts)}: {WithoutPosition(problem)}"
                );
        }
        var failed = files.Count(f => problems.Any(p => p.File == f));
        output.WriteLine(
            $"{files.Count} manifest(s), {failed} with problems, {problems.Count} problem(s)"
        );
        return failed == 0 ? CliCommands.Ok : CliCommands.Failed;
    }

    // Syntax errors carry their position in the message too: say it once.
    private static string WithoutPosition(FlowProblem problem)
    {
        var suffix = $" (line {problem.Line}, column {problem.Column})";
        return
            problem.Line is not null && problem.Message.EndsWith(suffix, StringComparison.Ordinal)
            ? problem.Message[..^suffix.Length]
            : problem.Message;
    }

    // The pointer, and the line and column it is found at (the nearest existing parent for a missing property).
    private static string Where(FlowProblem problem, string file, Dictionary<string, string> texts)
    {
        var pointer = problem.Pointer.Length == 0 ? "/" : problem.Pointer;
        if (problem.Line is { } line)
            return $"{pointer} (line {line}, column {problem.Column})";
        if (!texts.TryGetValue(file, out var text))
            texts[file] = text = File.ReadAllText(file);
        return JsonPointerLocator.Find(text, problem.Pointer) is { } at
            ? $"{pointer} (line {at.Line}, column {at.Column})"
            : pointer;
    }
}

using Makini.Flows.Activities;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Server.Cli;

/// <summary><c>validate FILE|DIR...</c>: every problem of every flow file, one per line.</summary>
public static class ValidateCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter errors)
    {
        if (args.Length == 0)
        {
            errors.WriteLine("usage: validate FILE|DIR...");
            return CliCommands.Usage;
        }
        var engine = new FlowEngine(MakiniActivities.CreateRegistry());
        var files = new List<string>();
        foreach (var arg in args)
        {
            if (Directory.Exists(arg))
                files.AddRange(
                    Directory.EnumerateFiles(arg, "*.flow.json").Order(StringComparer.Ordinal)
                );
            else if (File.Exists(arg))
                files.Add(arg);
            else
            {
                errors.WriteLine($"{arg}: no such file or folder");
                return CliCommands.Usage;
            }
        }
        var failed = 0;
        foreach (var file in files)
        {
            var result = engine.Validator.Validate(File.ReadAllText(file), out _);
            if (result.HasErrors)
                failed++;
            if (result.Problems.Count == 0)
                output.WriteLine($"{file}: ok");
            foreach (var problem in result.Problems)
                output.WriteLine($"{file}: {problem}");
        }
        output.WriteLine($"{files.Count} file(s), {failed} with errors");
        return failed == 0 ? CliCommands.Ok : CliCommands.Failed;
    }
}

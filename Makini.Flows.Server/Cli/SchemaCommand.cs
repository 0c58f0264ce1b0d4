using Makini.Flows.Engine.Schema;

namespace Makini.Flows.Server.Cli;

/// <summary><c>schema [--out FILE]</c>: the flow format's JSON Schema, generated from the model.</summary>
public static class SchemaCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter errors)
    {
        if (args is ["--out", var path])
        {
            File.WriteAllText(path, FlowSchema.Json);
            output.WriteLine($"wrote {path}");
            return CliCommands.Ok;
        }
        if (args.Length != 0)
        {
            errors.WriteLine("usage: schema [--out FILE]");
            return CliCommands.Usage;
        }
        output.Write(FlowSchema.Json);
        return CliCommands.Ok;
    }
}

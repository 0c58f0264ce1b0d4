namespace Makini.Flows.Server.Cli;

/// <summary><c>connectors validate|from-openapi ...</c>: work on connector manifests without starting the server.</summary>
public static class ConnectorsCommand
{
    public const string Usage = """
        usage: connectors validate DIR|FILE...
               connectors from-openapi SPEC [--id ID] [--name NAME] [--out FILE]
        """;

    public static int Run(string[] args, TextWriter output, TextWriter errors) =>
        args switch
        {
            ["validate", .. var rest] => ConnectorsValidateCommand.Run(rest, output, errors),
            ["from-openapi", .. var rest] => ConnectorsFromOpenApiCommand.Run(rest, output, errors),
            _ => WrongUsage(errors),
        };

    private static int WrongUsage(TextWriter errors)
    {
        errors.WriteLine(Usage);
        return CliCommands.Usage;
    }
}

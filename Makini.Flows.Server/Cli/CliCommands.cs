namespace Makini.Flows.Server.Cli;

/// <summary>
/// Verbs of the server executable that work on flow files without starting the server:
/// <c>validate</c>, <c>run</c>, <c>schema</c> and <c>activities</c>; and on connector manifests: <c>connectors</c>.
/// </summary>
public static class CliCommands
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    private static readonly string[] Verbs =
    [
        "validate",
        "run",
        "schema",
        "activities",
        "connectors",
        "mappings",
        "help",
        "--help",
    ];

    public static bool IsCommand(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static async Task<int> RunAsync(
        string[] args,
        TextWriter output,
        TextWriter errors,
        CancellationToken cancellationToken = default
    )
    {
        try
        {
            return await Dispatch(args, output, errors, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"error: {exception.Message}");
            return Usage;
        }
    }

    private static Task<int> Dispatch(
        string[] args,
        TextWriter output,
        TextWriter errors,
        CancellationToken cancellationToken
    ) =>
        args switch
        {
            ["validate", ..] => Task.FromResult(ValidateCommand.Run(args[1..], output, errors)),
            ["run", ..] => RunCommand.RunAsync(args[1..], output, errors, cancellationToken),
            ["schema", ..] => Task.FromResult(SchemaCommand.Run(args[1..], output, errors)),
            ["activities", ..] => Task.FromResult(ActivitiesCommand.Run(output)),
            ["connectors", ..] => Task.FromResult(ConnectorsCommand.Run(args[1..], output, errors)),
            ["mappings", "validate", .. var rest] => Task.FromResult(
                MappingsValidateCommand.Run(rest, output, errors)
            ),
            ["mappings", ..] => Task.FromResult(MappingsUsage(errors)),
            _ => Task.FromResult(Help(output)),
        };

    private static int MappingsUsage(TextWriter errors)
    {
        errors.WriteLine(MappingsValidateCommand.Usage);
        return Usage;
    }

    private static int Help(TextWriter output)
    {
        output.WriteLine(
            """
            Makini Flows

              dotnet run --project Makini.Flows.Server                 start the server
              dotnet run --project Makini.Flows.Server -- validate FILE|DIR...
                  validate flow files; lists every problem, exit code 1 when any has errors
              dotnet run --project Makini.Flows.Server -- run FILE [--input JSON | --input-file FILE] [--flows DIR]
                  run a flow file and print its output and journal; waits out Delay activities;
                  RunFlow finds sub-flows among the flow files of --flows (default: the file's folder)
              dotnet run --project Makini.Flows.Server -- schema [--out FILE]
                  print (or write) the JSON Schema of flow files
              dotnet run --project Makini.Flows.Server -- activities
                  print the descriptors of every activity type as JSON
              dotnet run --project Makini.Flows.Server -- connectors validate DIR|FILE...
                  read connector manifests as the server does at start; every problem as
                  file: pointer (line, column): message; exit code 1 when any has one
              dotnet run --project Makini.Flows.Server -- connectors from-openapi SPEC [--id ID] [--name NAME] [--out FILE]
                  draft a connector manifest from a vendor's OpenAPI 3 document (JSON) for a person to finish;
                  the draft to stdout or FILE, skipped operations and guesses to stderr
              dotnet run --project Makini.Flows.Server -- mappings validate FILE... [--connector ID] [--entity NAME] [--connectors DIR]
                  check connection mapping documents (or exported mappings files) as a save would: every problem as
                  file: pointer (line, column): message; exit code 1 when any has one
            """
        );
        return Ok;
    }
}

using Makini.Flows.Connectors.OpenApi;

namespace Makini.Flows.Server.Cli;

/// <summary>
/// <c>connectors from-openapi SPEC [--id ID] [--name NAME] [--out FILE]</c>: drafts a manifest from a vendor's
/// OpenAPI 3 document for a person to finish; the draft to stdout (or the file), what was skipped or guessed to stderr.
/// </summary>
public static class ConnectorsFromOpenApiCommand
{
    private const string Usage =
        "usage: connectors from-openapi SPEC [--id ID] [--name NAME] [--out FILE]";

    public static int Run(string[] args, TextWriter output, TextWriter errors)
    {
        if (!TryParse(args, out var spec, out var options, out var outFile, out var problem))
        {
            errors.WriteLine(problem);
            return CliCommands.Usage;
        }
        ManifestDraft draft;
        try
        {
            draft = OpenApiDrafter.Draft(File.ReadAllText(spec), options);
        }
        catch (OpenApiDraftException exception)
        {
            errors.WriteLine($"{spec}: {exception.Message}");
            return CliCommands.Failed;
        }

        foreach (var skipped in draft.Skipped)
            errors.WriteLine($"skipped {skipped}");
        foreach (var warning in draft.Warnings)
            errors.WriteLine($"warning: {warning}");
        if (outFile is null)
            output.Write(draft.Json);
        else
        {
            File.WriteAllText(outFile, draft.Json);
            output.WriteLine(
                $"wrote {outFile}: {draft.Entities.Count} stream(s) ({string.Join(", ", draft.Entities)}), "
                    + $"{draft.Skipped.Count} operation(s) skipped; review it, then: connectors validate {outFile}"
            );
        }
        return CliCommands.Ok;
    }

    private static bool TryParse(
        string[] args,
        out string spec,
        out DraftOptions options,
        out string? outFile,
        out string problem
    )
    {
        spec = "";
        options = new DraftOptions();
        outFile = null;
        problem = Usage;
        for (var i = 0; i < args.Length; i++)
        {
            var hasValue = i + 1 < args.Length;
            switch (args[i])
            {
                case "--id" when hasValue:
                    options = options with { Id = args[++i] };
                    break;
                case "--name" when hasValue:
                    options = options with { Name = args[++i] };
                    break;
                case "--out" when hasValue:
                    outFile = args[++i];
                    break;
                case var path
                    when spec.Length == 0 && !path.StartsWith("--", StringComparison.Ordinal):
                    spec = path;
                    break;
                default:
                    problem = $"unexpected argument '{args[i]}'\n{Usage}";
                    return false;
            }
        }
        if (spec.Length == 0)
            return false;
        if (!File.Exists(spec))
        {
            problem = $"{spec}: no such file";
            return false;
        }
        return true;
    }
}

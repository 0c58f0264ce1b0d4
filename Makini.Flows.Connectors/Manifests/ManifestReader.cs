using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Connectors.Manifests;

/// <summary>
/// Reads a connector manifest: JSON syntax, the schema, then what the schema cannot say (templates naming fields
/// that exist, one stream per entity, durations and date formats that parse, array rules that fit their fields),
/// every problem with its pointer.
/// </summary>
public static class ManifestReader
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        AllowOutOfOrderMetadataProperties = true,
        WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The manifest, or null with the problems that stop it from being one.</summary>
    public static ConnectorManifest? Read(string json, List<FlowProblem> problems)
    {
        if (!SchemaCheckedJson.Check(json, ConnectorSchema.Schema, problems))
            return null;
        ConnectorManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ConnectorManifest>(json, Json)!;
        }
        catch (JsonException exception)
        {
            problems.Add(
                FlowProblem.Error(
                    ProblemCodes.Schema,
                    PathToPointer(exception.Path),
                    exception.Message
                )
            );
            return null;
        }
        var before = problems.Count;
        CheckMeaning(manifest, JsonNode.Parse(json)!, problems);
        return problems.Count == before ? manifest : null;
    }

    private static void CheckMeaning(
        ConnectorManifest manifest,
        JsonNode document,
        List<FlowProblem> problems
    )
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < manifest.Credentials.Count; i++)
            if (!fields.Add(manifest.Credentials[i].Name))
                problems.Add(
                    FlowProblem.Error(
                        ProblemCodes.DuplicateId,
                        $"/credentials/{i}/name",
                        $"credential field '{manifest.Credentials[i].Name}' is declared twice"
                    )
                );
        CheckTemplates(document, "", fields, problems);
        CheckWhen(document["authentication"], "/authentication", fields, problems);

        var entities = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < manifest.Streams.Count; i++)
        {
            var stream = manifest.Streams[i];
            if (!entities.Add(stream.Entity))
                problems.Add(
                    FlowProblem.Error(
                        ProblemCodes.DuplicateId,
                        $"/streams/{i}/entity",
                        $"entity '{stream.Entity}' has a stream already"
                    )
                );
            if (stream.Incremental is { } incremental)
                CheckDateFormat(incremental.Format, $"/streams/{i}/incremental/format", problems);
            MappingChecks.Check(document["streams"]?[i], $"/streams/{i}", problems);
        }
        CheckDurations(document, "", problems);
    }

    private static void CheckTemplates(
        JsonNode? node,
        string pointer,
        IReadOnlySet<string> fields,
        List<FlowProblem> problems
    )
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                    if (!(pointer.Length == 0 && name == "$schema"))
                        CheckTemplates(value, $"{pointer}/{Escape(name)}", fields, problems);
                return;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                    CheckTemplates(array[i], $"{pointer}/{i}", fields, problems);
                return;
            case JsonValue value when value.TryGetValue<string>(out var text):
                foreach (var name in Runtime.Templates.Names(text))
                    if (!Runtime.Templates.IsKnown(name, fields))
                        problems.Add(
                            FlowProblem.Error(
                                ProblemCodes.UnknownName,
                                pointer,
                                name.StartsWith(
                                    Runtime.Templates.CredentialsPrefix,
                                    StringComparison.Ordinal
                                )
                                    ? $"'{{{{{name}}}}}' names a credential field that is not declared (declared: {string.Join(", ", fields)})"
                                    : $"'{{{{{name}}}}}' is not a template name (known: credentials.<field>, {string.Join(", ", Runtime.Templates.FixedNames)})"
                            )
                        );
                return;
        }
    }

    private static void CheckWhen(
        JsonNode? authentication,
        string pointer,
        IReadOnlySet<string> fields,
        List<FlowProblem> problems
    )
    {
        var methods = authentication is JsonArray array
            ? array.Select((m, i) => (Node: m, Pointer: $"{pointer}/{i}"))
            : [(authentication, pointer)];
        foreach (var (method, at) in methods)
            if (method?["when"]?.GetValue<string>() is { } when && !fields.Contains(when))
                problems.Add(
                    FlowProblem.Error(
                        ProblemCodes.UnknownName,
                        $"{at}/when",
                        $"'{when}' is not a declared credential field"
                    )
                );
    }

    private static readonly HashSet<string> DurationProperties =
    [
        "lifetime",
        "lookBack",
        "interval",
    ];

    private static void CheckDurations(JsonNode? node, string pointer, List<FlowProblem> problems)
    {
        if (node is JsonArray array)
            for (var i = 0; i < array.Count; i++)
                CheckDurations(array[i], $"{pointer}/{i}", problems);
        if (node is not JsonObject obj)
            return;
        foreach (var (name, value) in obj)
        {
            var at = $"{pointer}/{Escape(name)}";
            if (
                DurationProperties.Contains(name)
                && value is JsonValue v
                && v.TryGetValue<string>(out var text)
            )
            {
                if (ParseDuration(text) is null)
                    problems.Add(
                        FlowProblem.Error(
                            ProblemCodes.Schema,
                            at,
                            $"'{text}' is not an ISO 8601 duration (PT5M, PT1H, P1D)"
                        )
                    );
            }
            else if (name != "body" && name != "mapping")
                CheckDurations(value, at, problems);
        }
    }

    private static void CheckDateFormat(string format, string pointer, List<FlowProblem> problems)
    {
        if (format is "iso8601" or "epochSeconds" or "epochMillis")
            return;
        try
        {
            _ = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).ToString(
                format,
                System.Globalization.CultureInfo.InvariantCulture
            );
        }
        catch (FormatException)
        {
            problems.Add(
                FlowProblem.Error(
                    ProblemCodes.Schema,
                    pointer,
                    $"'{format}' is not a date format (iso8601, epochSeconds, epochMillis or a .NET format such as yyyy-MM-dd HH:mm:ss)"
                )
            );
        }
    }

    /// <summary>An ISO 8601 duration (PT5M), or null when the text is not one.</summary>
    public static TimeSpan? ParseDuration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        try
        {
            return XmlConvert.ToTimeSpan(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Escape(string name) => name.Replace("~", "~0").Replace("/", "~1");

    private static string PathToPointer(string? path) =>
        string.IsNullOrEmpty(path) || path == "$"
            ? ""
            : "/"
                + string.Join(
                    '/',
                    path.TrimStart('$', '.')
                        .Replace("[", ".")
                        .Replace("]", "")
                        .Split('.', StringSplitOptions.RemoveEmptyEntries)
                        .Select(Escape)
                );
}

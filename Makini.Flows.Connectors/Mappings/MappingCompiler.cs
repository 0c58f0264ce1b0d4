using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Connectors.Unified;
using Makini.Flows.Engine.Expressions;
using Makini.Flows.Engine.Expressions.Records;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Connectors.Mappings;

/// <summary>
/// Checks a connection's mapping document and compiles it over the stream's default mapping: the JSON (line and
/// column), the schema (pointers), then what the schema cannot say (fields the entity has, scripts that compile,
/// with their line and column). Every problem is reported, not only the first.
/// </summary>
public static class MappingCompiler
{
    private static readonly string[] Reserved =
    [
        ConnectionMapping.CustomFieldsName,
        ConnectionMapping.MappingErrorsName,
    ];

    /// <summary>A mapping from its JSON text, or null with the problems that stop it from being one.</summary>
    public static ConnectionMapping? Compile(
        StreamSpec stream,
        UnifiedEntity entity,
        string json,
        FlowEngine engine,
        long version,
        List<FlowProblem> problems
    )
    {
        if (!SchemaCheckedJson.Check(json, MappingSchema.Schema, problems))
            return null;
        return Compile(
            stream,
            entity,
            new MappingDocument(JsonNode.Parse(json)!.AsObject()),
            engine,
            version,
            problems
        );
    }

    /// <summary>A mapping from a document that passed the schema (a stored one, or one just read).</summary>
    public static ConnectionMapping? Compile(
        StreamSpec stream,
        UnifiedEntity entity,
        MappingDocument document,
        FlowEngine engine,
        long version,
        List<FlowProblem> problems
    )
    {
        var before = problems.Count;
        if ((string?)document.Json["entity"] is { } named && named != entity.Name)
            problems.Add(
                FlowProblem.Error(
                    ProblemCodes.Schema,
                    "/entity",
                    $"this mapping is for {named}, not {entity.Name}"
                )
            );
        var mapping = new Dictionary<string, JsonNode>(stream.Mapping, StringComparer.Ordinal);
        var scripts = new List<ScriptedField>();
        var watched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (field, rule) in document.Fields)
        {
            var pointer = $"/{MappingDocument.FieldsProperty}/{JsonPointer.Escape(field)}";
            if (!CheckField(stream, entity, field, pointer, problems))
                continue;
            watched.Add(field);
            if (rule is null)
                mapping.Remove(field);
            else if (Script(rule) is { } script)
            {
                mapping.Remove(field);
                var target = FieldRule.TargetOf(field, entity);
                if (Compiled(engine, script, pointer, problems) is { } compiled)
                    scripts.Add(
                        new ScriptedField(
                            field,
                            pointer,
                            target,
                            target == TargetType.Array
                                && field.EndsWith("Keys", StringComparison.Ordinal),
                            compiled
                        )
                    );
            }
            else
                mapping[field] = rule.DeepClone();
        }
        var custom = CustomFields(document, engine, scripts, watched, problems);
        if (problems.Count > before)
            return null;
        return new ConnectionMapping(
            stream,
            entity,
            document,
            version,
            ProjectionPlan.Compile(
                stream,
                entity,
                mapping,
                custom.Declarative.Count > 0
                    ? (
                        ConnectionMapping.CustomFieldsName,
                        ItemPlan.Compile(custom.Declarative, custom.Schema, writeNulls: true)
                    )
                    : null
            ),
            scripts,
            watched,
            custom.Infos
        );
    }

    private static bool CheckField(
        StreamSpec stream,
        UnifiedEntity entity,
        string field,
        string pointer,
        List<FlowProblem> problems
    )
    {
        if (Reserved.Contains(field))
        {
            problems.Add(
                FlowProblem.Error(
                    ProblemCodes.Schema,
                    pointer,
                    $"'{field}' is made by the mapping itself: define custom fields under /customFields"
                )
            );
            return false;
        }
        if (entity.Fields.ContainsKey(field) || stream.Mapping.ContainsKey(field))
            return true;
        problems.Add(
            FlowProblem.Error(
                ProblemCodes.UnknownName,
                pointer,
                $"{entity.Name} have no field '{field}': a field of your own goes under /customFields"
            )
        );
        return false;
    }

    private sealed record CustomFieldSet(
        JsonObject Declarative,
        UnifiedEntity Schema,
        List<CustomFieldInfo> Infos
    );

    private static CustomFieldSet CustomFields(
        MappingDocument document,
        FlowEngine engine,
        List<ScriptedField> scripts,
        HashSet<string> watched,
        List<FlowProblem> problems
    )
    {
        var declarative = new JsonObject();
        var types = new Dictionary<string, UnifiedField>(StringComparer.Ordinal);
        var infos = new List<CustomFieldInfo>();
        foreach (var (name, node) in document.CustomFields)
        {
            var pointer = $"/{MappingDocument.CustomFieldsProperty}/{JsonPointer.Escape(name)}";
            var spec = node!.AsObject();
            var type = (string)spec["type"]!;
            var field = $"{ConnectionMapping.CustomFieldsName}.{name}";
            watched.Add(field);
            types[name] = new UnifiedField(name, type);
            if (Script(spec) is { } script)
            {
                infos.Add(
                    new CustomFieldInfo(name, type, SourceOf(spec), (string?)spec["description"])
                );
                if (Compiled(engine, script, pointer, problems) is { } compiled)
                    scripts.Add(
                        new ScriptedField(
                            field,
                            pointer,
                            FieldRule.TargetOf(name, new UnifiedEntity("", "", "", types)),
                            false,
                            compiled
                        )
                    );
                continue;
            }
            var rule = new JsonObject();
            foreach (var (property, target) in RuleProperties)
                if (spec.TryGetPropertyValue(property, out var value))
                    rule[target] = value?.DeepClone();
            declarative[name] = rule;
            infos.Add(
                new CustomFieldInfo(name, type, SourceOf(rule), (string?)spec["description"])
            );
        }
        return new CustomFieldSet(declarative, new UnifiedEntity("", "", "", types), infos);
    }

    // A custom field's own properties, as the rule grammar names them (its type is the field's, so how the source
    // is read is sourceType).
    private static readonly (string Property, string Rule)[] RuleProperties =
    [
        ("path", "path"),
        ("value", "value"),
        ("sourceType", "type"),
        ("format", "format"),
        ("values", "values"),
    ];

    private static (ScriptLanguage Language, string Source, string Property)? Script(
        JsonNode rule
    ) =>
        rule is not JsonObject obj ? null
        : (string?)obj["js"] is { } js ? (ScriptLanguage.JavaScript, js, "js")
        : (string?)obj["csharp"] is { } cs ? (ScriptLanguage.CSharp, cs, "csharp")
        : null;

    private static RecordScript? Compiled(
        FlowEngine engine,
        (ScriptLanguage Language, string Source, string Property) script,
        string pointer,
        List<FlowProblem> problems
    )
    {
        try
        {
            return RecordScript.Compile(engine, script.Language, script.Source);
        }
        catch (ScriptSyntaxException syntax)
        {
            foreach (var error in syntax.Errors.Where(e => !e.IsWarning))
                problems.Add(
                    FlowProblem.Error(
                        ProblemCodes.ScriptSyntax,
                        $"{pointer}/{script.Property}",
                        error.Message
                    ) with
                    {
                        Line = error.Line,
                        Column = error.Column,
                    }
                );
            return null;
        }
    }

    /// <summary>Where a rule's value comes from, in words.</summary>
    public static string SourceOf(JsonNode? rule)
    {
        switch (rule)
        {
            case null:
                return "not mapped";
            case JsonValue pointer:
                return (string?)pointer ?? "";
            case JsonObject obj:
                if ((string?)obj["js"] is { } js)
                    return "JavaScript: " + Shortened(js);
                if ((string?)obj["csharp"] is { } cs)
                    return "C#: " + Shortened(cs);
                if (obj["items"] is not null)
                    return $"each item of {(string?)obj["path"]}";
                var text = (string?)obj["path"] ?? "";
                if (obj.TryGetPropertyValue("value", out var constant))
                    text =
                        text.Length == 0
                            ? $"constant {constant?.ToJsonString() ?? "null"}"
                            : $"{text}, else {constant?.ToJsonString() ?? "null"}";
                if (obj["values"] is JsonObject table)
                    text += $" through a table of {table.Count} values";
                if ((string?)obj["type"] is { } type)
                    text += $" read as {type}";
                return text;
            default:
                return "";
        }
    }

    private static string Shortened(string script)
    {
        var line = script.ReplaceLineEndings(" ").Trim();
        return line.Length > 80 ? line[..77] + "..." : line;
    }
}

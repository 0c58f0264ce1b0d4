using System.Text.Json.Nodes;

namespace Makini.Flows.Connectors.OpenApi;

/// <summary>
/// One stream from one list operation (a GET without path parameters whose JSON answer is an array of records or
/// an object holding one): its entity, request, record pointer, primary key, pagination, incremental read, deleted
/// marker and default mapping.
/// </summary>
public static class StreamDrafter
{
    private static readonly string[] DeletedFields =
    [
        "deletedat",
        "deletedon",
        "isdeleted",
        "deleted",
    ];

    /// <summary>The stream, or the reason the operation was skipped.</summary>
    public static StreamDraft? Draft(
        OpenApiSpec spec,
        Operation operation,
        List<string> warnings,
        out string? skipped
    )
    {
        skipped = null;
        if (EntitySynonyms.Of(operation.Path) is not { } match)
        {
            var last = EntitySynonyms.LastWord(operation.Path);
            skipped =
                last.Length == 0
                    ? "no word of its path names an entity"
                    : $"no unified entity is called '{last}'";
            return null;
        }
        var (entity, word) = match;
        if (operation.SuccessSchema is not { } schema)
        {
            skipped = $"({entity}) declares no JSON answer";
            return null;
        }
        if (ResponseShape.Of(spec, schema, word) is not { } shape)
        {
            skipped = $"({entity}) its answer holds no array of records";
            return null;
        }
        var query = new JsonObject();
        foreach (var parameter in operation.Query.Where(p => p.Required))
        {
            if (parameter.Example is not { } example)
            {
                skipped =
                    $"({entity}) needs query parameter '{parameter.Name}', whose value the document does not suggest";
                return null;
            }
            query[parameter.Name] = example;
            warnings.Add(
                $"{operation.Display}: required '{parameter.Name}' set to its example '{example}'"
            );
        }

        var properties = shape.ItemProperties;
        var primaryKey = PrimaryKey(properties, word, entity);
        if (primaryKey is null)
            warnings.Add($"{operation.Display}: no id field found; primaryKey guessed as /id");
        var pagination = PaginationDetector.Detect(operation, shape);
        if (
            pagination.Type is "cursor" or "nextUrl" or "none" or "linkHeader"
            && pagination.SizeParameter is { } size
        )
            query[size.Name] = pagination.Size.ToString(
                System.Globalization.CultureInfo.InvariantCulture
            );
        var (incremental, incrementalWarning) = IncrementalDetector.Detect(operation, properties);
        if (incrementalWarning is not null)
            warnings.Add(incrementalWarning);

        var stream = new JsonObject
        {
            ["entity"] = entity,
            ["request"] = new JsonObject
            {
                ["method"] = "GET",
                ["path"] = operation.Path,
                ["query"] = query,
            },
            ["records"] = shape.Records,
            ["primaryKey"] = "/" + Names.PointerToken(primaryKey ?? "id"),
            ["pagination"] = pagination.Spec,
        };
        if (incremental is not null)
            stream["incremental"] = incremental;
        if (
            DeletedFields
                .Select(name => properties.FirstOrDefault(p => Names.Normalize(p.Key) == name))
                .FirstOrDefault(p => p.Key is not null) is
            { Key: not null } deleted
        )
            stream["deleted"] = "/" + Names.PointerToken(deleted.Key);
        stream["mapping"] = FieldMappingDrafter.Draft(
            entity,
            properties,
            primaryKey ?? "id",
            shape.TypeOf
        );
        return new StreamDraft(entity, word, operation, stream, pagination);
    }

    // id, else <word>Id / <entity>Id (Limble's taskID), else key or uuid.
    private static string? PrimaryKey(
        IReadOnlyList<KeyValuePair<string, JsonObject>> properties,
        string word,
        string entity
    )
    {
        string[] names =
        [
            "id",
            Names.Singular(Names.Normalize(word)) + "id",
            Names.Singular(Names.Normalize(entity)) + "id",
            "key",
            "uuid",
            "guid",
        ];
        foreach (var name in names)
            if (
                properties.FirstOrDefault(p => Names.Normalize(p.Key) == name) is
                { Key: not null } found
            )
                return found.Key;
        return null;
    }
}

/// <summary>A drafted stream and what the rest of the draft needs to know of it.</summary>
public sealed record StreamDraft(
    string Entity,
    string Word,
    Operation Operation,
    JsonObject Stream,
    PaginationDraft Pagination
)
{
    /// <summary>Whether the path's word is the entity's own name (<c>/workorders</c> for work-orders), not a synonym.</summary>
    public bool NamedExactly =>
        Names.Singular(Names.Normalize(Word)) == Names.Singular(Names.Normalize(Entity));
}

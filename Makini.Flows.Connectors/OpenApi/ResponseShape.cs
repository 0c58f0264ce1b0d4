using System.Text.Json.Nodes;

namespace Makini.Flows.Connectors.OpenApi;

/// <summary>
/// What a list operation answers: where its array of records is, the records' schema, and properties found near
/// the top of the answer (a next cursor, a next-page link, a total).
/// </summary>
public sealed class ResponseShape
{
    private const int SearchDepth = 3;

    private static readonly HashSet<string> RecordArrayNames = new(StringComparer.Ordinal)
    {
        "data",
        "items",
        "results",
        "records",
        "value",
        "rows",
        "list",
        "entries",
        "objects",
        "content",
        "elements",
        "resources",
        "member",
        "members",
        "collection",
    };

    private readonly OpenApiSpec _spec;
    private readonly JsonObject _schema;

    private ResponseShape(OpenApiSpec spec, JsonObject schema, string records, JsonObject item)
    {
        _spec = spec;
        _schema = schema;
        Records = records;
        Item = item;
    }

    /// <summary>Pointer to the records' array ('' when the answer is the array).</summary>
    public string Records { get; }

    /// <summary>The schema of one record.</summary>
    public JsonObject Item { get; }

    /// <summary>The properties of one record.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonObject>> ItemProperties => _spec.Properties(Item);

    /// <summary>
    /// The shape of an answer that is an array of objects, or an object holding one (by preference the array named
    /// like the path's word, then one with a usual name such as <c>data</c> or <c>results</c>, then the first).
    /// </summary>
    public static ResponseShape? Of(OpenApiSpec spec, JsonObject schema, string pathWord)
    {
        if (spec.TypeOf(schema) == "array")
            return spec.ItemsOf(schema) is { } rootItem && IsObject(spec, rootItem)
                ? new ResponseShape(spec, schema, "", rootItem)
                : null;
        var word = Names.Normalize(pathWord);
        var best = Find(spec, schema, (_, property) => spec.TypeOf(property) == "array")
            .Select(found => (found, item: spec.ItemsOf(found.Schema)))
            .Where(c => c.item is not null && IsObject(spec, c.item))
            .Select(c =>
            {
                var name = Names.Normalize(c.found.Name);
                var rank =
                    name == word || Names.Singular(name) == Names.Singular(word) ? 0
                    : RecordArrayNames.Contains(name) ? 1
                    : 2;
                return (c.found.Pointer, Item: c.item!, Rank: rank, c.found.Depth);
            })
            .OrderBy(c => c.Rank)
            .ThenBy(c => c.Depth)
            .FirstOrDefault();
        return best.Item is null ? null : new ResponseShape(spec, schema, best.Pointer, best.Item);
    }

    /// <summary>The first property (nearest the top) whose normalized name is one of the names, in the names' order.</summary>
    public (string Pointer, JsonObject Schema)? Property(
        IReadOnlyList<string> normalizedNames,
        Func<JsonObject, bool>? accept = null
    )
    {
        var found = Find(
                _spec,
                _schema,
                (name, property) =>
                    normalizedNames.Contains(Names.Normalize(name))
                    && (accept?.Invoke(property) ?? true)
            )
            .Where(f => f.Pointer != Records)
            .OrderBy(f => f.Depth)
            .ThenBy(f => IndexOf(normalizedNames, Names.Normalize(f.Name)))
            .FirstOrDefault();
        return found.Schema is null ? null : (found.Pointer, found.Schema);
    }

    public string? TypeOf(JsonObject schema) => _spec.TypeOf(schema);

    public IReadOnlyList<KeyValuePair<string, JsonObject>> PropertiesOf(JsonObject schema) =>
        _spec.Properties(schema);

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
            if (names[i] == name)
                return i;
        return int.MaxValue;
    }

    private static bool IsObject(OpenApiSpec spec, JsonObject schema) =>
        spec.TypeOf(schema) is "object" or null && spec.Properties(schema).Count > 0;

    private static IEnumerable<(string Pointer, string Name, JsonObject Schema, int Depth)> Find(
        OpenApiSpec spec,
        JsonObject root,
        Func<string, JsonObject, bool> match
    )
    {
        var queue = new Queue<(string Pointer, JsonObject Schema, int Depth)>();
        queue.Enqueue(("", root, 0));
        while (queue.Count > 0)
        {
            var (pointer, schema, depth) = queue.Dequeue();
            if (depth >= SearchDepth)
                continue;
            foreach (var (name, property) in spec.Properties(schema))
            {
                var at = $"{pointer}/{Names.PointerToken(name)}";
                if (match(name, property))
                    yield return (at, name, property, depth + 1);
                if (spec.TypeOf(property) == "object")
                    queue.Enqueue((at, property, depth + 1));
            }
        }
    }
}

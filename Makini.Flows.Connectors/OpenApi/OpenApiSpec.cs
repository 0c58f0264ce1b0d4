using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Flows.Connectors.OpenApi;

/// <summary>
/// An OpenAPI 3 document read with System.Text.Json: local <c>$ref</c>s followed, parameters of a path and its
/// operation merged, schemas seen through <c>allOf</c>.
/// </summary>
public sealed class OpenApiSpec
{
    private const int MaxReferenceHops = 32;

    private OpenApiSpec(JsonObject root) => Root = root;

    public JsonObject Root { get; }

    public string Title => Text(Root["info"]?["title"]) ?? "";

    public string Version => Text(Root["info"]?["version"]) ?? "";

    public string OpenApiVersion => Text(Root["openapi"]) ?? "";

    /// <summary>Parses a document; a text that is not an OpenAPI 3 document in JSON is refused with a reason.</summary>
    public static OpenApiSpec Parse(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(
                json,
                documentOptions: new JsonDocumentOptions
                {
                    AllowTrailingCommas = true,
                    CommentHandling = JsonCommentHandling.Skip,
                    MaxDepth = 256,
                }
            );
        }
        catch (JsonException exception)
        {
            throw new OpenApiDraftException(
                $"not a JSON document (line {exception.LineNumber + 1}): {exception.Message.Split(". ")[0]}; a YAML spec must be converted to JSON first"
            );
        }
        if (root is not JsonObject obj)
            throw new OpenApiDraftException(
                "not an OpenAPI document: the top level is not an object"
            );
        if (Text(obj["swagger"]) is { } swagger)
            throw new OpenApiDraftException(
                $"Swagger {swagger} documents are not read: convert it to OpenAPI 3 first"
            );
        var version = Text(obj["openapi"]);
        if (version is null || !version.StartsWith("3.", StringComparison.Ordinal))
            throw new OpenApiDraftException(
                version is null
                    ? "not an OpenAPI document: there is no 'openapi' version"
                    : $"OpenAPI {version} is not read: only OpenAPI 3.x"
            );
        if (obj["paths"] is not JsonObject)
            throw new OpenApiDraftException("the document has no 'paths'");
        return new OpenApiSpec(obj);
    }

    /// <summary>The node a <c>$ref</c> points at (followed until a node that is not a reference), or the node itself.</summary>
    public JsonNode? Resolve(JsonNode? node)
    {
        for (var hop = 0; hop < MaxReferenceHops; hop++)
        {
            if (node is not JsonObject obj || Text(obj["$ref"]) is not { } reference)
                return node;
            node = reference.StartsWith("#/", StringComparison.Ordinal)
                ? Find(reference[1..])
                : null; // a reference into another file: unknown here
        }
        return null;
    }

    private JsonNode? Find(string pointer)
    {
        JsonNode? node = Root;
        foreach (var raw in pointer.Split('/').Skip(1))
        {
            var token = Uri.UnescapeDataString(raw).Replace("~1", "/").Replace("~0", "~");
            node = node switch
            {
                JsonObject obj => obj[token],
                JsonArray array when int.TryParse(token, out var i) && i >= 0 && i < array.Count =>
                    array[i],
                _ => null,
            };
            if (node is null)
                return null;
        }
        return node;
    }

    /// <summary>Every operation of a method, in the document's order.</summary>
    public IEnumerable<Operation> Operations(string method)
    {
        foreach (var (path, item) in (JsonObject)Root["paths"]!)
            if (Resolve(item) is JsonObject pathItem && Resolve(pathItem[method]) is JsonObject op)
                yield return new Operation(this, path, method.ToUpperInvariant(), pathItem, op);
    }

    /// <summary>The properties of an object schema, those of its <c>allOf</c> parts included.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonObject>> Properties(JsonNode? schema)
    {
        var result = new List<KeyValuePair<string, JsonObject>>();
        CollectProperties(Resolve(schema) as JsonObject, result, 0);
        return result;
    }

    private void CollectProperties(
        JsonObject? schema,
        List<KeyValuePair<string, JsonObject>> into,
        int depth
    )
    {
        if (schema is null || depth > 8)
            return;
        if (schema["properties"] is JsonObject properties)
            foreach (var (name, value) in properties)
                if (
                    Resolve(value) is JsonObject property
                    && !into.Exists(p => p.Key.Equals(name, StringComparison.Ordinal))
                )
                    into.Add(KeyValuePair.Create(name, property));
        if (schema["allOf"] is JsonArray all)
            foreach (var part in all)
                CollectProperties(Resolve(part) as JsonObject, into, depth + 1);
        if (into.Count == 0)
            foreach (var key in (string[])["oneOf", "anyOf"])
                if (schema[key] is JsonArray alternatives)
                    foreach (var alternative in alternatives)
                    {
                        CollectProperties(Resolve(alternative) as JsonObject, into, depth + 1);
                        if (into.Count > 0)
                            return;
                    }
    }

    /// <summary>The type of a schema: <c>type</c> (the first that is not null in 3.1), or guessed from its shape.</summary>
    public string? TypeOf(JsonNode? schema)
    {
        if (Resolve(schema) is not JsonObject obj)
            return null;
        switch (obj["type"])
        {
            case JsonValue value when value.TryGetValue<string>(out var type):
                return type;
            case JsonArray types:
                return types.Select(Text).FirstOrDefault(t => t is not null && t != "null");
        }
        if (obj["items"] is not null)
            return "array";
        if (obj["properties"] is not null || obj["allOf"] is not null)
            return "object";
        return null;
    }

    /// <summary>The item schema of an array schema.</summary>
    public JsonObject? ItemsOf(JsonNode? schema) =>
        Resolve(schema) is JsonObject obj ? Resolve(obj["items"]) as JsonObject : null;

    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}

/// <summary>An OpenAPI document could not be drafted from; the message says why.</summary>
public sealed class OpenApiDraftException(string message) : Exception(message);

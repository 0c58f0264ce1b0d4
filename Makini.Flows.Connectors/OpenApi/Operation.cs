using System.Text.Json.Nodes;

namespace Makini.Flows.Connectors.OpenApi;

/// <summary>One operation of an OpenAPI document, with what drafting needs of it.</summary>
public sealed class Operation
{
    private readonly OpenApiSpec _spec;
    private readonly JsonObject _operation;

    internal Operation(
        OpenApiSpec spec,
        string path,
        string method,
        JsonObject pathItem,
        JsonObject operation
    )
    {
        _spec = spec;
        _operation = operation;
        Path = path;
        Method = method;
        Parameters = MergeParameters(pathItem["parameters"], operation["parameters"]);
    }

    public string Path { get; }

    public string Method { get; }

    /// <summary>The path's parameters overridden by the operation's, by name and location.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    public string Display => $"{Method} {Path}";

    public bool HasPathParameters =>
        Path.Contains('{', StringComparison.Ordinal) || Parameters.Any(p => p.In == "path");

    public IEnumerable<Parameter> Query => Parameters.Where(p => p.In == "query");

    public IEnumerable<Parameter> Headers => Parameters.Where(p => p.In == "header");

    /// <summary>The success answer: 200, else 2XX, else the first 2xx, else <c>default</c>.</summary>
    public JsonObject? SuccessResponse
    {
        get
        {
            if (_operation["responses"] is not JsonObject responses)
                return null;
            var key =
                responses.ContainsKey("200") ? "200"
                : responses.ContainsKey("2XX") ? "2XX"
                : responses.Select(r => r.Key).FirstOrDefault(k => k.StartsWith('2'))
                    ?? (responses.ContainsKey("default") ? "default" : null);
            return key is null ? null : _spec.Resolve(responses[key]) as JsonObject;
        }
    }

    /// <summary>The JSON schema of the success answer (<c>application/json</c>, another JSON type, or any).</summary>
    public JsonObject? SuccessSchema
    {
        get
        {
            if (SuccessResponse?["content"] is not JsonObject content)
                return null;
            var media =
                content["application/json"]
                ?? content
                    .FirstOrDefault(c => c.Key.Contains("json", StringComparison.OrdinalIgnoreCase))
                    .Value
                ?? content["*/*"];
            return _spec.Resolve(media?["schema"]) as JsonObject;
        }
    }

    /// <summary>The header names of every declared answer (success, 429...).</summary>
    public IEnumerable<string> ResponseHeaders =>
        _operation["responses"] is JsonObject responses
            ? responses
                .Select(r => _spec.Resolve(r.Value)?["headers"])
                .OfType<JsonObject>()
                .SelectMany(h => h.Select(p => p.Key))
            : [];

    /// <summary>The names of the success answer's headers.</summary>
    public IEnumerable<string> SuccessHeaders =>
        SuccessResponse?["headers"] is JsonObject headers ? headers.Select(h => h.Key) : [];

    private List<Parameter> MergeParameters(JsonNode? ofPath, JsonNode? ofOperation)
    {
        var merged = new List<Parameter>();
        foreach (var list in (JsonNode?[])[ofPath, ofOperation])
        {
            if (list is not JsonArray array)
                continue;
            foreach (var item in array)
            {
                if (
                    _spec.Resolve(item) is not JsonObject p
                    || OpenApiSpec.Text(p["name"]) is not { } name
                    || OpenApiSpec.Text(p["in"]) is not { } location
                )
                    continue;
                merged.RemoveAll(m => m.Name == name && m.In == location);
                merged.Add(
                    new Parameter(name, location, p, _spec.Resolve(p["schema"]) as JsonObject)
                );
            }
        }
        return merged;
    }
}

/// <summary>A parameter of an operation.</summary>
public sealed record Parameter(string Name, string In, JsonObject Node, JsonObject? Schema)
{
    public bool Required => Node["required"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    public string? Description =>
        OpenApiSpec.Text(Node["description"]) ?? OpenApiSpec.Text(Schema?["description"]);

    /// <summary>The parameter's default or example, as text.</summary>
    public string? Example =>
        Value(Schema?["default"]) ?? Value(Node["example"]) ?? Value(Schema?["example"]);

    public string? Format => OpenApiSpec.Text(Schema?["format"]);

    public string? Type => OpenApiSpec.Text(Schema?["type"]);

    public int? IntegerOf(string keyword) =>
        Schema?[keyword] is JsonValue v && v.TryGetValue<double>(out var d)
            ? (int)Math.Min(d, int.MaxValue)
            : null;

    private static string? Value(JsonNode? node) =>
        node is JsonValue value
            ? value.TryGetValue<string>(out var text)
                ? text
                : value.ToJsonString()
            : null;
}

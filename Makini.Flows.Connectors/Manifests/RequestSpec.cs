using System.Text.Json.Nodes;

namespace Makini.Flows.Connectors.Manifests;

/// <summary>A request template: every text may hold <c>{{...}}</c> templates (see <see cref="Runtime.Templates"/>).</summary>
public sealed record RequestSpec
{
    public string Method { get; init; } = "GET";
    public required string Path { get; init; }
    public IReadOnlyDictionary<string, string> Query { get; init; } =
        new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Headers { get; init; } =
        new Dictionary<string, string>();

    /// <summary>A JSON body template (a JSON-RPC request, a login form).</summary>
    public JsonNode? Body { get; init; }
    public string BodyContentType { get; init; } = "application/json";
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Engine.Validation;
using Makini.Flows.Server.Connectors;

namespace Makini.Flows.Server.Connections;

/// <summary>A connection as a client creates it, before its credentials are checked.</summary>
public sealed record NewConnection(
    string Name,
    ConnectorManifest Connector,
    Dictionary<string, string?> Credentials,
    JsonObject Metadata
);

/// <summary>
/// Reads the bodies of the connections API field by field, so that every problem is reported with its JSON
/// pointer: names of 1 to 200 characters, a known connector, credentials and metadata as objects of plain values.
/// </summary>
public static class ConnectionInput
{
    public const int MaxNameLength = 200;
    public const int MaxMetadataEntries = 50;
    public const int MaxMetadataKeyLength = 100;
    public const int MaxMetadataValueLength = 1000;

    public static NewConnection? ForCreate(
        JsonObject body,
        InstalledConnectors connectors,
        List<FlowProblem> problems
    )
    {
        var before = problems.Count;
        Unknown(body, ["name", "connector", "credentials", "metadata"], problems);
        var name = Name(body["name"], required: true, problems);
        ConnectorManifest? connector = null;
        if (!body.TryGetPropertyValue("connector", out var connectorNode) || connectorNode is null)
            problems.Add(Missing("/connector", "connector is required: the id of a connector"));
        else if (!TryText(connectorNode, out var connectorId))
            problems.Add(Wrong("/connector", "connector must be a string: a connector's id"));
        else if ((connector = connectors.Find(connectorId)) is null)
            problems.Add(
                FlowProblem.Error(
                    ProblemCodes.InvalidInput,
                    "/connector",
                    $"unknown connector '{connectorId}': use one of {string.Join(", ", connectors.Catalog.All.Select(m => m.Id))} (GET /api/connectors)"
                )
            );
        var credentials = Credentials(body["credentials"], problems);
        var metadata = Metadata(body["metadata"], patch: false, problems);
        return problems.Count == before
            ? new NewConnection(name!, connector!, credentials!, metadata!)
            : null;
    }

    /// <summary>The body of <c>PATCH</c>: a new name and/or a metadata merge patch (a null value removes a key).</summary>
    public static (string? Name, JsonObject? Metadata) ForUpdate(
        JsonObject body,
        List<FlowProblem> problems
    )
    {
        Unknown(body, ["name", "metadata"], problems);
        var name = body.ContainsKey("name") ? Name(body["name"], required: true, problems) : null;
        var metadata = body.ContainsKey("metadata")
            ? Metadata(body["metadata"], patch: true, problems)
            : null;
        return (name, metadata);
    }

    /// <summary>The body of <c>PUT .../credentials</c>: <c>{credentials: {...}}</c>.</summary>
    public static Dictionary<string, string?>? ForCredentials(
        JsonObject body,
        List<FlowProblem> problems
    )
    {
        var before = problems.Count;
        Unknown(body, ["credentials"], problems);
        if (!body.ContainsKey("credentials"))
            problems.Add(
                Missing("/credentials", "credentials is required: an object of field to value")
            );
        var credentials = Credentials(body["credentials"], problems);
        return problems.Count == before ? credentials : null;
    }

    /// <summary>Applies a metadata merge patch: keys set to null are removed, others set.</summary>
    public static JsonObject Patch(JsonObject metadata, JsonObject patch)
    {
        foreach (var (key, value) in patch)
            if (value is null)
                metadata.Remove(key);
            else
                metadata[key] = value.DeepClone();
        return metadata;
    }

    /// <summary>A metadata object's own problems: too many keys after a patch, say.</summary>
    public static void CheckSize(JsonObject metadata, List<FlowProblem> problems)
    {
        if (metadata.Count > MaxMetadataEntries)
            problems.Add(Wrong("/metadata", $"metadata holds at most {MaxMetadataEntries} keys"));
    }

    private static string? Name(JsonNode? node, bool required, List<FlowProblem> problems)
    {
        if (node is null)
        {
            if (required)
                problems.Add(
                    Missing("/name", "name is required: how people will recognise the connection")
                );
            return null;
        }
        if (!TryText(node, out var name) || string.IsNullOrWhiteSpace(name))
            problems.Add(Wrong("/name", "name must be a non-empty string"));
        else if (name.Trim().Length > MaxNameLength)
            problems.Add(Wrong("/name", $"name must be at most {MaxNameLength} characters"));
        else
            return name.Trim();
        return null;
    }

    private static Dictionary<string, string?>? Credentials(
        JsonNode? node,
        List<FlowProblem> problems
    )
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (node is null)
            return values;
        if (node is not JsonObject fields)
        {
            problems.Add(Wrong("/credentials", "credentials must be an object of field to value"));
            return null;
        }
        var before = problems.Count;
        foreach (var (name, value) in fields)
        {
            if (value is null)
                values[name] = null;
            else if (TryText(value, out var text))
                values[name] = text;
            else if (value is JsonValue number && number.GetValueKind() == JsonValueKind.Number)
                values[name] = number.ToJsonString();
            else
                problems.Add(
                    Wrong(
                        "/credentials/" + JsonPointer.Escape(name),
                        $"the value of '{name}' must be a string"
                    )
                );
        }
        return problems.Count == before ? values : null;
    }

    private static JsonObject? Metadata(JsonNode? node, bool patch, List<FlowProblem> problems)
    {
        if (node is null)
            return [];
        if (node is not JsonObject entries)
        {
            problems.Add(Wrong("/metadata", "metadata must be an object of key to value"));
            return null;
        }
        var before = problems.Count;
        var metadata = new JsonObject();
        foreach (var (key, value) in entries)
        {
            var pointer = "/metadata/" + JsonPointer.Escape(key);
            if (key.Length is 0 or > MaxMetadataKeyLength)
                problems.Add(
                    Wrong(pointer, $"a metadata key has 1 to {MaxMetadataKeyLength} characters")
                );
            else if (value is null)
            {
                if (patch)
                    metadata[key] = null;
            }
            else if (
                value is not JsonValue scalar
                || scalar.GetValueKind()
                    is not (
                        JsonValueKind.String
                        or JsonValueKind.Number
                        or JsonValueKind.True
                        or JsonValueKind.False
                    )
            )
                problems.Add(
                    Wrong(pointer, "a metadata value must be a string, a number or a boolean")
                );
            else if (TryText(scalar, out var text) && text.Length > MaxMetadataValueLength)
                problems.Add(
                    Wrong(
                        pointer,
                        $"a metadata value has at most {MaxMetadataValueLength} characters"
                    )
                );
            else
                metadata[key] = scalar.DeepClone();
        }
        if (!patch)
            CheckSize(metadata, problems);
        return problems.Count == before ? metadata : null;
    }

    private static void Unknown(JsonObject body, string[] known, List<FlowProblem> problems)
    {
        foreach (var (name, _) in body)
            if (!known.Contains(name))
                problems.Add(
                    FlowProblem.Error(
                        ProblemCodes.UnknownInput,
                        "/" + JsonPointer.Escape(name),
                        $"unknown property '{name}': use {string.Join(", ", known)}"
                    )
                );
    }

    private static bool TryText(JsonNode node, out string text)
    {
        text = "";
        return node is JsonValue value
            && value.GetValueKind() == JsonValueKind.String
            && value.TryGetValue(out text!);
    }

    private static FlowProblem Missing(string pointer, string message) =>
        FlowProblem.Error(ProblemCodes.MissingInput, pointer, message);

    private static FlowProblem Wrong(string pointer, string message) =>
        FlowProblem.Error(ProblemCodes.WrongType, pointer, message);
}

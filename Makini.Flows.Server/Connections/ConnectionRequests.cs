using System.Text.Json.Nodes;

namespace Makini.Flows.Server.Connections;

// The request bodies as the OpenAPI document shows them. The endpoints read their bodies field by field
// (ConnectionInput), so that every problem is answered with its pointer instead of a binding failure.

/// <summary><c>POST /api/connections</c>: the connector's credential fields by name, and your own key/values.</summary>
public sealed record CreateConnectionRequest(
    string Name,
    string Connector,
    Dictionary<string, string?> Credentials,
    Dictionary<string, JsonNode?>? Metadata
);

/// <summary><c>PATCH /api/connections/{id}</c>: a new name, and/or a metadata merge patch (null removes a key).</summary>
public sealed record UpdateConnectionRequest(string? Name, Dictionary<string, JsonNode?>? Metadata);

/// <summary>
/// <c>PUT /api/connections/{id}/credentials</c>: fields left out, and secret fields sent as <c>********</c>, keep their
/// stored values; a field sent empty or null is cleared.
/// </summary>
public sealed record ReplaceCredentialsRequest(Dictionary<string, string?> Credentials);

/// <summary><c>POST /api/connections/{id}/tokens</c>: who the token is for.</summary>
public sealed record CreateConnectionTokenRequest(string Name);

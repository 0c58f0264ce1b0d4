using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Makini.Flows.Server.Connectors;

namespace Makini.Flows.Server.Connections;

/// <summary>
/// A connection as every answer shows it: secret credential fields masked (<see cref="ConnectionCredentials.Mask"/>),
/// the others as entered.
/// </summary>
public sealed record ConnectionView(
    string Id,
    string Name,
    string Connector,
    string ConnectorName,
    string Status,
    string? StatusReason,
    DateTime StatusChangedAt,
    DateTime? LastCheckedAt,
    DateTime? NextProbeAt,
    DateTime ConnectedAt,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    JsonObject Credentials,
    JsonObject Metadata
)
{
    public static ConnectionView Of(ConnectionRecord record, InstalledConnectors connectors) =>
        new(
            record.Id,
            record.Name,
            record.ConnectorId,
            connectors.Find(record.ConnectorId)?.Name ?? record.ConnectorId,
            record.Status,
            record.StatusReason,
            record.StatusChangedAt,
            record.LastCheckedAt,
            record.NextProbeAt,
            record.ConnectedAt,
            record.CreatedAt,
            record.UpdatedAt,
            JsonNode.Parse(record.PublicCredentialsJson) as JsonObject ?? [],
            JsonNode.Parse(record.MetadataJson) as JsonObject ?? []
        );
}

/// <summary>A page of connections in Makini's list envelope.</summary>
public sealed record ConnectionPage(
    IReadOnlyList<ConnectionView> Data,
    PageLinks Links,
    PageMeta Meta
);

public sealed record PageLinks(string First, string Last, string? Prev, string? Next);

public sealed record PageMeta(
    [property: JsonPropertyName("current_page")] int CurrentPage,
    [property: JsonPropertyName("from")] int? From,
    [property: JsonPropertyName("last_page")] int LastPage,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("per_page")] int PerPage,
    [property: JsonPropertyName("to")] int? To,
    [property: JsonPropertyName("total")] int Total
);

/// <summary>One entry of a connection's status history.</summary>
public sealed record StatusChangeView(string? From, string To, string? Reason, DateTime At);

/// <summary>A connection token as listed: never the token itself.</summary>
public sealed record ConnectionTokenView(
    string Id,
    string Name,
    string Prefix,
    DateTime CreatedAt,
    DateTime? LastUsedAt
);

/// <summary>A new connection token: the only answer that carries <c>token</c>.</summary>
public sealed record CreatedConnectionToken(
    string Id,
    string Name,
    string Prefix,
    string Token,
    DateTime CreatedAt
);

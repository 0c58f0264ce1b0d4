namespace Makini.Flows.Server.Connections;

/// <summary>
/// A connection: one customer's account in one maintenance system, reached through a connector with their
/// credentials. The credentials are kept only as one protected blob; the values of fields the connector does not
/// declare secret are also kept in plain JSON, for display.
/// </summary>
public sealed class ConnectionRecord
{
    public required string Id { get; set; }
    public required string Name { get; set; }

    /// <summary>The connector's manifest id (<c>connectors/&lt;id&gt;.json</c>).</summary>
    public required string ConnectorId { get; set; }

    /// <summary>Every credential value as a JSON object, encrypted (<see cref="Secrets.SecretProtector.ProtectCredentials"/>).</summary>
    public required string ProtectedCredentials { get; set; }

    /// <summary>The values of the non-secret credential fields as a JSON object (an instance URL, a user name).</summary>
    public required string PublicCredentialsJson { get; set; }

    /// <summary>The caller's own key/value pairs, as a JSON object.</summary>
    public required string MetadataJson { get; set; }

    /// <summary>One of <see cref="ConnectionStatuses"/>.</summary>
    public required string Status { get; set; }

    /// <summary>Why the connection entered its status (the source's answer translated); null when online.</summary>
    public string? StatusReason { get; set; }
    public DateTime StatusChangedAt { get; set; }

    /// <summary>The last time a call to the source (a check, a probe, a sync) reported its outcome.</summary>
    public DateTime? LastCheckedAt { get; set; }

    /// <summary>When the next periodic probe is due; null while disabled.</summary>
    public DateTime? NextProbeAt { get; set; }

    /// <summary>When its credentials were last proven (created, or credentials replaced).</summary>
    public DateTime ConnectedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>One change of a connection's status. The last <see cref="ConnectionStatus.KeptHistory"/> are kept.</summary>
public sealed class ConnectionStatusChangeRecord
{
    public long Id { get; set; }
    public required string ConnectionId { get; set; }

    /// <summary>The status before; null for the status a connection was created with.</summary>
    public string? From { get; set; }
    public required string To { get; set; }
    public string? Reason { get; set; }
    public DateTime At { get; set; }
}

/// <summary>
/// A token that reads one connection's data (<c>mkc_...</c>). Only its SHA-256 is stored; the prefix tells tokens apart.
/// </summary>
public sealed class ConnectionTokenRecord
{
    public required string Id { get; set; }
    public required string ConnectionId { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>Updated at most once a minute (<see cref="ConnectionTokens.LastUsedPrecision"/>).</summary>
    public DateTime? LastUsedAt { get; set; }
}

/// <summary>What a connection's status can be.</summary>
public static class ConnectionStatuses
{
    /// <summary>The last call to the source succeeded.</summary>
    public const string Online = "online";

    /// <summary>The source could not be reached, timed out, kept failing (5xx), or answered something unreadable.</summary>
    public const string Offline = "offline";

    /// <summary>The source refused the credentials; someone has to enter them again.</summary>
    public const string AuthRequired = "auth_required";

    /// <summary>Switched off through the API: not probed, and stays so until enabled.</summary>
    public const string Disabled = "disabled";

    public static readonly IReadOnlyList<string> All = [Online, Offline, AuthRequired, Disabled];
}

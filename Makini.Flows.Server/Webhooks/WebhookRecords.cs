namespace Makini.Flows.Server.Webhooks;

/// <summary>A subscription: where to send which events, with what headers, signed with which secret.</summary>
public sealed class WebhookEndpointRecord
{
    public required string Id { get; set; }
    public required string Url { get; set; }
    public string? Description { get; set; }

    /// <summary>The event types of all its rules, separated by spaces.</summary>
    public required string EventTypes { get; set; }

    /// <summary>
    /// Before rules: only events about this connection. Read only to make the one rule of an endpoint stored then
    /// (<see cref="RulesJson"/> null); cleared when its rules are saved.
    /// </summary>
    public string? ConnectionId { get; set; }

    /// <summary>The subscription rules (<see cref="WebhookRule"/>) as JSON; null for an endpoint stored before them.</summary>
    public string? RulesJson { get; set; }

    /// <summary>Extra request headers as a JSON object of name to value.</summary>
    public string? HeadersJson { get; set; }

    public bool Enabled { get; set; }

    /// <summary>Why the endpoint is disabled (410 Gone, failing for days, through the API); null when enabled.</summary>
    public string? DisabledReason { get; set; }

    /// <summary>The signing secret, encrypted with Data Protection (<see cref="Secrets.SecretProtector"/>).</summary>
    public required string ProtectedSecret { get; set; }

    /// <summary>The secret before the last rotation, still used to sign until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? ProtectedPreviousSecret { get; set; }
    public DateTime? PreviousSecretExpiresAt { get; set; }

    /// <summary>When the current run of failed attempts began; null after a success.</summary>
    public DateTime? FailingSince { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// One event for one endpoint. Its id is the <c>webhook-id</c> header, the same on every attempt; the body is
/// stored as sent, so every attempt carries the same bytes.
/// </summary>
public sealed class WebhookDeliveryRecord
{
    public required string Id { get; set; }
    public required string EndpointId { get; set; }
    public required string EventType { get; set; }
    public string? ConnectionId { get; set; }

    /// <summary>The envelope <c>{type, timestamp, connectionId, data}</c> as UTF-8 JSON text.</summary>
    public required string Body { get; set; }

    public required string Status { get; set; }

    /// <summary>Attempts made and recorded.</summary>
    public int Attempts { get; set; }
    public DateTime? NextAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public static class DeliveryStatus
{
    /// <summary>Waiting for its first attempt or a retry.</summary>
    public const string Pending = "Pending";
    public const string Succeeded = "Succeeded";

    /// <summary>Every attempt of the schedule failed, or the receiver answered 410 Gone.</summary>
    public const string Failed = "Failed";

    /// <summary>Not sent because the endpoint was disabled before its turn.</summary>
    public const string Cancelled = "Cancelled";

    public static readonly IReadOnlyList<string> All = [Pending, Succeeded, Failed, Cancelled];
}

/// <summary>One attempt of a delivery, as it went: written after the request, whatever its outcome.</summary>
public sealed class WebhookAttemptRecord
{
    public long Id { get; set; }
    public required string DeliveryId { get; set; }

    /// <summary>1 for the first attempt of the delivery.</summary>
    public int Number { get; set; }
    public DateTime StartedAt { get; set; }
    public int DurationMs { get; set; }

    /// <summary>The answer's status; null when none came (refused, network error, timeout).</summary>
    public int? StatusCode { get; set; }
    public bool Succeeded { get; set; }
    public string? Error { get; set; }

    /// <summary>The first 4 KB of the answer's body.</summary>
    public string? ResponseExcerpt { get; set; }
}

using System.Text.Json.Nodes;

namespace Makini.Flows.Server.Webhooks;

/// <summary>An endpoint as the API shows it: never its secret.</summary>
public sealed record WebhookEndpointView(
    string Id,
    string Url,
    string? Description,
    IReadOnlyList<string> EventTypes,
    string? ConnectionId,
    IReadOnlyList<WebhookRule> Rules,
    IReadOnlyDictionary<string, string> Headers,
    bool Enabled,
    string? DisabledReason,
    DateTime? FailingSince,
    DateTime? PreviousSecretExpiresAt,
    DateTime CreatedAt,
    DateTime UpdatedAt
)
{
    /// <summary>The endpoint as the API shows it: header values masked.</summary>
    public static WebhookEndpointView Of(
        WebhookEndpointRecord e,
        Secrets.SecretProtector protector
    ) =>
        new(
            e.Id,
            e.Url,
            e.Description,
            WebhookEventTypes.Split(e.EventTypes),
            SingleConnection(WebhookRule.Of(e)),
            WebhookRule.Of(e),
            EndpointHeaders.Masked(e, protector),
            e.Enabled,
            e.DisabledReason,
            e.FailingSince,
            e.PreviousSecretExpiresAt,
            e.CreatedAt,
            e.UpdatedAt
        );

    // As before rules: the connection of an endpoint whose one rule names one connection.
    private static string? SingleConnection(IReadOnlyList<WebhookRule> rules) =>
        rules is [{ ConnectionIds: [var only] }] ? only : null;
}

/// <summary>A new endpoint with its secret: the only time the secret is shown.</summary>
public sealed record CreatedWebhookEndpoint(WebhookEndpointView Endpoint, string Secret);

/// <summary>A rotated secret: the new one (shown once), and until when the old one still signs.</summary>
public sealed record RotatedSecret(string Secret, DateTime PreviousSecretExpiresAt);

public sealed record WebhookDeliveryView(
    string Id,
    string EndpointId,
    string EventType,
    string? ConnectionId,
    string Status,
    int Attempts,
    DateTime? NextAttemptAt,
    int? LastStatusCode,
    string? LastError,
    DateTime CreatedAt,
    DateTime UpdatedAt
)
{
    public static WebhookDeliveryView Of(WebhookDeliveryRecord d) =>
        new(
            d.Id,
            d.EndpointId,
            d.EventType,
            d.ConnectionId,
            d.Status,
            d.Attempts,
            d.NextAttemptAt,
            d.LastStatusCode,
            d.LastError,
            d.CreatedAt,
            d.UpdatedAt
        );
}

public sealed record WebhookAttemptView(
    int Number,
    DateTime StartedAt,
    int DurationMs,
    int? StatusCode,
    bool Succeeded,
    string? Error,
    string? ResponseExcerpt
);

/// <summary>A delivery with the body it sends and every attempt so far.</summary>
public sealed record WebhookDeliveryDetail(
    WebhookDeliveryView Delivery,
    JsonNode? Payload,
    IReadOnlyList<WebhookAttemptView> Attempts
);

/// <summary>An event published through the API to every matching endpoint.</summary>
public sealed record PublishedEvent(
    string? Type,
    string? ConnectionId,
    JsonNode? Data,
    DateTimeOffset? Timestamp
);

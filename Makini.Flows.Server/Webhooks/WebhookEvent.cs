using System.Text.Json.Nodes;

namespace Makini.Flows.Server.Webhooks;

/// <summary>
/// An event to deliver. <see cref="Id"/>, when given, makes queuing idempotent: the deliveries' ids are derived
/// from it and the endpoint, so queuing the same event again (a retried event handler) adds nothing.
/// </summary>
public sealed record WebhookEvent(
    string Type,
    string? ConnectionId,
    JsonNode? Data,
    DateTimeOffset Timestamp,
    string? Id = null
);

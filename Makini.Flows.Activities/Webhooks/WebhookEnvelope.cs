using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Flows.Activities.Webhooks;

/// <summary>The body of every webhook Makini sends: <c>{"type", "timestamp", "connectionId", "data"}</c>, as UTF-8 JSON.</summary>
public static class WebhookEnvelope
{
    public static byte[] Create(
        string type,
        DateTimeOffset timestamp,
        string? connectionId,
        JsonNode? data
    ) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new JsonObject
            {
                ["type"] = type,
                ["timestamp"] = timestamp
                    .ToUniversalTime()
                    .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                ["connectionId"] = connectionId,
                ["data"] = data?.DeepClone(),
            }
        );
}

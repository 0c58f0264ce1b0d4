using System.Text.Json;

namespace Makini.Flows.Server.Webhooks;

public static class EndpointHeaders
{
    /// <summary>An endpoint's custom request headers.</summary>
    public static IReadOnlyDictionary<string, string> Of(WebhookEndpointRecord endpoint) =>
        endpoint.HeadersJson is null
            ? new Dictionary<string, string>()
            : JsonSerializer.Deserialize<Dictionary<string, string>>(endpoint.HeadersJson) ?? [];
}

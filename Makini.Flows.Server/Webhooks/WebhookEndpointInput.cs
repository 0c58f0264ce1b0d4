using Makini.Flows.Activities.Webhooks;

namespace Makini.Flows.Server.Webhooks;

/// <summary>An endpoint as a client creates or replaces it.</summary>
public sealed record WebhookEndpointInput(
    string? Url,
    string? Description,
    List<string>? EventTypes,
    string? ConnectionId,
    Dictionary<string, string>? Headers,
    bool? Enabled
)
{
    private static readonly HashSet<string> ForbiddenHeaders = new(
        [
            // hop-by-hop
            "Connection",
            "Keep-Alive",
            "Proxy-Authenticate",
            "Proxy-Authorization",
            "Proxy-Connection",
            "TE",
            "Trailer",
            "Transfer-Encoding",
            "Upgrade",
            // set by the sender
            "Host",
            "Content-Length",
            "Content-Type",
            "Content-Encoding",
            "User-Agent",
            WebhookHeaders.Id,
            WebhookHeaders.Timestamp,
            WebhookHeaders.Signature,
            WebhookHeaders.Legacy,
        ],
        StringComparer.OrdinalIgnoreCase
    );

    /// <summary>Null when the input is acceptable; otherwise what is wrong and its JSON pointer.</summary>
    public (string Detail, string Pointer)? Problem()
    {
        if (
            !Uri.TryCreate(Url, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https")
        )
            return ("url must be an absolute http or https URL", "/url");
        if (!string.IsNullOrEmpty(uri.UserInfo))
            return ("url must not carry credentials: send them in a custom header instead", "/url");
        if (Url!.Length > 2048)
            return ("url must be at most 2048 characters", "/url");
        if (Description is { Length: > 1000 })
            return ("description must be at most 1000 characters", "/description");
        if (EventTypes is null || EventTypes.Count == 0)
            return (
                $"eventTypes must name at least one of {string.Join(", ", WebhookEventTypes.All)}",
                "/eventTypes"
            );
        for (var i = 0; i < EventTypes.Count; i++)
            if (!WebhookEventTypes.IsKnown(EventTypes[i]))
                return (
                    $"unknown event type '{EventTypes[i]}': use {string.Join(", ", WebhookEventTypes.All)}",
                    $"/eventTypes/{i}"
                );
        if (ConnectionId is { Length: 0 or > 128 })
            return ("connectionId must be 1 to 128 characters, or null", "/connectionId");
        foreach (var (name, value) in Headers ?? [])
        {
            var pointer = "/headers/" + name.Replace("~", "~0").Replace("/", "~1");
            if (name.Length == 0 || name.Length > 100 || !name.All(IsTokenChar))
                return ($"'{name}' is not a valid header name", pointer);
            if (ForbiddenHeaders.Contains(name))
                return (
                    $"the header '{name}' cannot be set: it is hop-by-hop or set by the sender (signatures, content)",
                    pointer
                );
            if (value.Length > 4000 || value.Any(c => c is '\r' or '\n' or '\0'))
                return (
                    $"the value of '{name}' must be one line of at most 4000 characters",
                    pointer
                );
        }
        return null;
    }

    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);
}

using Makini.Flows.Activities.Webhooks;

namespace Makini.Flows.Server.Webhooks;

/// <summary>One rule as a client writes it: event types, and the connections it is for (null or absent: all).</summary>
public sealed record WebhookRuleInput(List<string>? EventTypes, List<string>? ConnectionIds);

/// <summary>
/// An endpoint as a client creates or replaces it: its subscription as <c>rules</c>, or (as before rules) as
/// <c>eventTypes</c> with an optional <c>connectionId</c>, which make one rule.
/// </summary>
public sealed record WebhookEndpointInput(
    string? Url,
    string? Description,
    List<string>? EventTypes,
    string? ConnectionId,
    Dictionary<string, string>? Headers,
    bool? Enabled,
    List<WebhookRuleInput?>? Rules = null
)
{
    public const int MaxRules = 100;

    /// <summary>The rules the input makes (after <see cref="Problem"/> found none).</summary>
    public IReadOnlyList<WebhookRule> ToRules() =>
        Rules is not null
            ?
            [
                .. Rules.Select(r => new WebhookRule(
                    [.. r!.EventTypes!.Distinct()],
                    r.ConnectionIds is null ? null : [.. r.ConnectionIds.Distinct()]
                )),
            ]
            :
            [
                new WebhookRule(
                    [.. EventTypes!.Distinct()],
                    ConnectionId is null ? null : [ConnectionId]
                ),
            ];

    /// <summary>Every connection id the input names, with its pointer (they must exist).</summary>
    public IEnumerable<(string ConnectionId, string Pointer)> NamedConnections()
    {
        if (Rules is null)
        {
            if (ConnectionId is not null)
                yield return (ConnectionId, "/connectionId");
            yield break;
        }
        for (var i = 0; i < Rules.Count; i++)
        for (var j = 0; j < (Rules[i]!.ConnectionIds?.Count ?? 0); j++)
            yield return (Rules[i]!.ConnectionIds![j], $"/rules/{i}/connectionIds/{j}");
    }

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
        if (Rules is not null)
        {
            if (EventTypes is not null || ConnectionId is not null)
                return (
                    "write the subscription as rules, or as eventTypes (and connectionId), not both",
                    "/rules"
                );
            if (Rules.Count is 0 or > MaxRules)
                return ($"rules must hold 1 to {MaxRules} rules", "/rules");
            for (var i = 0; i < Rules.Count; i++)
                if (RuleProblem(Rules[i], $"/rules/{i}") is { } problem)
                    return problem;
        }
        else
        {
            if (TypesProblem(EventTypes, "/eventTypes") is { } problem)
                return problem;
            if (ConnectionId is { Length: 0 or > 128 })
                return ("connectionId must be 1 to 128 characters, or null", "/connectionId");
        }
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
            if (value is null)
                return ($"the value of '{name}' must be a string", pointer);
            if (value.Length > 4000 || value.Any(c => c is '\r' or '\n' or '\0'))
                return (
                    $"the value of '{name}' must be one line of at most 4000 characters",
                    pointer
                );
        }
        return null;
    }

    private static (string Detail, string Pointer)? RuleProblem(
        WebhookRuleInput? rule,
        string pointer
    )
    {
        if (rule is null)
            return (
                "a rule is an object: {\"eventTypes\": [...], \"connectionIds\": [...] or null}",
                pointer
            );
        if (TypesProblem(rule.EventTypes, $"{pointer}/eventTypes") is { } problem)
            return problem;
        if (rule.ConnectionIds is { Count: 0 })
            return (
                "connectionIds names at least one connection; leave it out (or null) for all connections",
                $"{pointer}/connectionIds"
            );
        for (var i = 0; i < (rule.ConnectionIds?.Count ?? 0); i++)
            if (rule.ConnectionIds![i] is not { Length: > 0 and <= 128 })
                return ("a connection id is 1 to 128 characters", $"{pointer}/connectionIds/{i}");
        return null;
    }

    private static (string Detail, string Pointer)? TypesProblem(
        List<string>? types,
        string pointer
    )
    {
        if (types is null || types.Count == 0)
            return (
                $"eventTypes must name at least one of {string.Join(", ", WebhookEventTypes.All)}",
                pointer
            );
        for (var i = 0; i < types.Count; i++)
            if (types[i] is null || !WebhookEventTypes.IsKnown(types[i]))
                return (
                    $"unknown event type '{types[i]}': use {string.Join(", ", WebhookEventTypes.All)}",
                    $"{pointer}/{i}"
                );
        return null;
    }

    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);
}

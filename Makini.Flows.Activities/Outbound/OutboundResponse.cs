using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Flows.Activities.Outbound;

/// <summary>How an outbound call ended: the last answer (status, headers, body), or why there was none.</summary>
public sealed class OutboundResponse
{
    /// <summary>HTTP status of the last answer; null when no answer came (refused, network error, timeout).</summary>
    public int? Status { get; init; }

    /// <summary>Answer headers, names in lower case, several values joined with ", ".</summary>
    public JsonObject Headers { get; init; } = [];

    public byte[] Body { get; init; } = [];

    public MediaTypeHeaderValue? ContentType { get; init; }

    /// <summary>How many attempts were made (1 when the first one settled it).</summary>
    public required int Attempts { get; init; }

    /// <summary>Why the call failed without an answer; null when an answer came.</summary>
    public string? Error { get; init; }

    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>The body as JSON when the answer says it is JSON and it parses; otherwise as text; null when empty.</summary>
    public JsonNode? BodyAsJson()
    {
        if (Body.Length == 0)
            return null;
        if (IsJson(ContentType?.MediaType))
        {
            try
            {
                return JsonNode.Parse(Body);
            }
            catch (JsonException) { }
        }
        return JsonValue.Create(Text());
    }

    private string Text()
    {
        var encoding = Encoding.UTF8;
        if (ContentType?.CharSet is { Length: > 0 } charset)
        {
            try
            {
                encoding = Encoding.GetEncoding(charset.Trim('"'));
            }
            catch (ArgumentException) { }
        }
        return encoding.GetString(Body);
    }

    private static bool IsJson(string? mediaType) =>
        mediaType is not null
        && (
            mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
        );

    internal static JsonObject HeadersOf(HttpResponseMessage response)
    {
        var headers = new JsonObject();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            headers[name.ToLowerInvariant()] = string.Join(", ", values);
        return headers;
    }
}

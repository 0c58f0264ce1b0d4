using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Makini.Flows.Connectors.Runtime;

/// <summary>A source's answer, read whole (within the size limit).</summary>
internal sealed class SourceAnswer(
    HttpStatusCode status,
    HttpResponseHeaders headers,
    byte[] body,
    string request
)
{
    public HttpStatusCode Status { get; } = status;
    public HttpResponseHeaders Headers { get; } = headers;
    public byte[] Body { get; } = body;

    /// <summary>What was asked (method and path), for messages.</summary>
    public string Request { get; } = request;

    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>The body as JSON, or an <see cref="ConnectorErrorCode.InvalidResponse"/>.</summary>
    public JsonDocument Json()
    {
        try
        {
            return JsonDocument.Parse(Body);
        }
        catch (JsonException exception)
        {
            throw new ConnectorException(
                ConnectorErrorCode.InvalidResponse,
                $"{Request} answered {(int)Status} with a body that is not JSON ({exception.Message})",
                (int)Status,
                inner: exception
            );
        }
    }

    /// <summary>The source's own error text: a JSON message field, or the start of the body.</summary>
    public string? ErrorText()
    {
        if (Body.Length == 0)
            return null;
        try
        {
            using var document = JsonDocument.Parse(Body);
            var root = document.RootElement;
            foreach (
                var pointer in new[]
                {
                    "/message",
                    "/error_description",
                    "/error/message",
                    "/errors/0/message",
                    "/Error/message",
                    "/error",
                    "/detail",
                    "/title",
                }
            )
                if (JsonPointers.Find(root, pointer) is { ValueKind: JsonValueKind.String } text)
                    return Shorten(text.GetString()!);
        }
        catch (JsonException)
        {
            // not JSON: the text itself
        }
        return Shorten(Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 2_000)));
    }

    /// <summary>Retry-After as a delay (seconds or an HTTP date).</summary>
    public TimeSpan? RetryAfter(TimeProvider clock)
    {
        if (Headers.RetryAfter is not { } retryAfter)
            return null;
        if (retryAfter.Delta is { } delta)
            return delta;
        return retryAfter.Date is { } date ? Max(date - clock.GetUtcNow()) : null;
    }

    private static TimeSpan Max(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;

    private static string Shorten(string text)
    {
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length > 300 ? text[..297] + "..." : text;
    }
}

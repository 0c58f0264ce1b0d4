using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Engine.Values;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Makini.Flows.Server.Infrastructure;

/// <summary>
/// A request's JSON body read the one way every endpoint reads it: refused with a 400 that says where (line and
/// column for text that is not JSON, a pointer for a string that is not text) when it could not be stored as the
/// run input or record it becomes, so nothing fails after the work was done.
/// </summary>
public static class JsonBody
{
    /// <summary>
    /// Deeper bodies are refused: a body becomes part of a run's input, its state and its answer, each of which
    /// nests it a few levels further within the 64 levels System.Text.Json writes.
    /// </summary>
    public const int MaxDepth = 48;

    // A repeated property is refused here: the nodes would throw on it later, wherever it is read.
    private static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = MaxDepth,
        AllowDuplicateProperties = false,
    };

    /// <summary>An optional body (run input, resume payload, event): empty or blank means null.</summary>
    public static async Task<(JsonNode? Value, ProblemHttpResult? Problem)> ReadOptionalAsync(
        HttpRequest request,
        CancellationToken ct
    )
    {
        var raw = await ReadBytesAsync(request, ct);
        return raw.AsSpan().Trim(" \t\r\n"u8).IsEmpty ? (null, null) : Parse(raw, "");
    }

    /// <summary>
    /// Parses JSON from the body's own array, which the nodes then read (JsonNode.Parse would copy it). The
    /// document is never disposed: its nodes read it for as long as whoever holds them.
    /// </summary>
    public static (JsonNode? Value, ProblemHttpResult? Problem) Parse(
        byte[] utf8,
        string pointerPrefix
    )
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(utf8.AsMemory(), Options).RootElement;
        }
        catch (JsonException exception)
        {
            return (null, NotJson(exception, pointerPrefix));
        }
        catch (InvalidOperationException)
        {
            // Checking for repeated properties reads every name, and one of them is not text.
            return (null, UnreadableProblem(utf8, pointerPrefix));
        }
        if (UnreadableText.Find(utf8, MaxDepth) is not null)
            return (null, UnreadableProblem(utf8, pointerPrefix));
        return (
            root.ValueKind switch
            {
                JsonValueKind.Object => JsonObject.Create(root),
                JsonValueKind.Array => JsonArray.Create(root),
                JsonValueKind.Null => null,
                _ => JsonValue.Create(root),
            },
            null
        );
    }

    private static ProblemHttpResult UnreadableProblem(byte[] utf8, string pointerPrefix)
    {
        var (pointer, message) =
            UnreadableText.Find(utf8, MaxDepth) ?? ("", "a string is not text");
        return Problems.BadRequest(
            $"the body is not valid JSON: {message}",
            pointerPrefix + pointer
        );
    }

    /// <summary>
    /// A value a typed body bound as JSON (the <c>data</c> of an event): refused at its pointer when it holds text
    /// that cannot be written back (an unpaired surrogate), which would fail wherever it is stored.
    /// </summary>
    public static ProblemHttpResult? Unreadable(JsonNode? value, string pointer)
    {
        try
        {
            _ = value?.ToJsonString();
            return null;
        }
        catch (InvalidOperationException)
        {
            return Problems.BadRequest(
                "the text has an unpaired UTF-16 surrogate (\\ud800 to \\udfff without its pair)",
                pointer
            );
        }
    }

    /// <summary>The body's bytes, read straight into an array of the announced length when there is one.</summary>
    public static async Task<byte[]> ReadBytesAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength is { } length and <= int.MaxValue)
        {
            var exact = new byte[length];
            await request.Body.ReadExactlyAsync(exact, ct);
            return exact;
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    private static ProblemHttpResult NotJson(JsonException exception, string pointer)
    {
        var reason = exception.Message;
        var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0)
            cut = reason.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
            reason = reason[..cut];
        var line = (exception.LineNumber ?? 0) + 1;
        var column = (exception.BytePositionInLine ?? 0) + 1;
        return TypedResults.Problem(
            title: "Bad request",
            detail: $"the body is not valid JSON (line {line}, column {column}): {reason}",
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?>
            {
                ["pointer"] = pointer,
                ["line"] = line,
                ["column"] = column,
            }
        );
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Flows.Server.Hooks;

/// <summary>Turns an HTTP request into a run's input: method, path, query, headers and body.</summary>
public static class HookRequest
{
    // Credentials never become run input (they would be stored with the run).
    private static readonly HashSet<string> HiddenHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization",
        "X-Api-Key",
        "Cookie",
    };

    /// <summary>The run input, or an error; and the raw body bytes (signatures are computed over them).</summary>
    public static async Task<(JsonNode? Input, string? Error, byte[] Body)> ReadAsync(
        HttpRequest request,
        string path,
        CancellationToken ct
    )
    {
        var raw = await ReadBodyAsync(request, ct);
        JsonNode? body = null;
        if (raw.Length > 0)
        {
            if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
            {
                try
                {
                    body = ParseInPlace(raw);
                }
                catch (JsonException exception)
                {
                    return (null, $"the body is not valid JSON: {exception.Message}", raw);
                }
            }
            else
            {
                body = JsonValue.Create(System.Text.Encoding.UTF8.GetString(raw));
            }
        }
        var query = new JsonObject();
        foreach (var (name, values) in request.Query)
            query[name] =
                values.Count == 1
                    ? JsonValue.Create(values[0])
                    : new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        var headers = new JsonObject();
        foreach (var (name, values) in request.Headers)
            if (!HiddenHeaders.Contains(name))
                headers[name.ToLowerInvariant()] = values.ToString();
        return (
            new JsonObject
            {
                ["method"] = request.Method,
                ["path"] = path,
                ["query"] = query,
                ["headers"] = headers,
                ["body"] = body,
            },
            null,
            raw
        );
    }

    /// <summary>
    /// Parses JSON from the body's own array, which the nodes then read (parsing with JsonNode.Parse would copy it).
    /// The document is never disposed: its nodes keep reading it for as long as the run holds them.
    /// </summary>
    private static JsonNode? ParseInPlace(byte[] raw)
    {
        var root = JsonDocument.Parse(raw.AsMemory()).RootElement;
        return root.ValueKind switch
        {
            JsonValueKind.Object => JsonObject.Create(root),
            JsonValueKind.Array => JsonArray.Create(root),
            JsonValueKind.Null => null,
            _ => JsonValue.Create(root),
        };
    }

    /// <summary>The body's bytes, read straight into an array of the announced length when there is one.</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
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
}

using System.Text.Json.Nodes;
using Makini.Flows.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

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

    /// <summary>
    /// The run input, or the 400 that says why the body cannot be one; and the raw body bytes (signatures are
    /// computed over them).
    /// </summary>
    public static async Task<(JsonNode? Input, ProblemHttpResult? Problem, byte[] Body)> ReadAsync(
        HttpRequest request,
        string path,
        CancellationToken ct
    )
    {
        var raw = await JsonBody.ReadBytesAsync(request, ct);
        JsonNode? body = null;
        if (raw.Length > 0)
        {
            if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
            {
                (body, var problem) = JsonBody.Parse(raw, "/body");
                if (problem is not null)
                    return (null, problem, raw);
            }
            else
            {
                // Text in any other form: bytes that are not UTF-8 read as U+FFFD, which stores.
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
}

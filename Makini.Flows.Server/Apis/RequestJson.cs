using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Flows.Server.Apis;

/// <summary>An optional JSON body (run input, resume payload): empty means null.</summary>
public static class RequestJson
{
    public static async Task<(JsonNode? Value, string? Error)> ReadOptionalAsync(
        HttpRequest request,
        CancellationToken ct
    )
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(ct);
        if (string.IsNullOrWhiteSpace(text))
            return (null, null);
        try
        {
            return (JsonNode.Parse(text), null);
        }
        catch (JsonException exception)
        {
            return (null, $"the body is not valid JSON: {exception.Message}");
        }
    }
}

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
            var value = JsonNode.Parse(text);
            // Writing it unescapes every string, as storing it later would: a lone surrogate ("\ud800") is
            // refused here instead of failing the request after the work was done.
            _ = value?.ToJsonString();
            return (value, null);
        }
        catch (JsonException exception)
        {
            return (null, $"the body is not valid JSON: {exception.Message}");
        }
        catch (InvalidOperationException)
        {
            return (
                null,
                "the body is not valid JSON: a string has an unpaired UTF-16 surrogate (\\ud800 to \\udfff without its pair)"
            );
        }
    }
}

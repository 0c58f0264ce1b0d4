using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Flows.Hostile.Tests.Fuzz;

/// <summary>What every answer to a fuzzed request must be: never a 5xx; a refusal is a readable problem.</summary>
public static class Refusal
{
    /// <summary>
    /// Fails with the replay hint and the request when the answer is a 5xx, or a 4xx that is not
    /// application/problem+json, or a 400 that says nowhere where the problem is (a pointer, or a line).
    /// </summary>
    public static void ShouldBeSound(
        int status,
        string? mediaType,
        string body,
        FuzzBudget budget,
        string request
    )
    {
        var what = $"{budget.Where}: {Shorten(request)} answered {status} {Shorten(body)}";
        status.ShouldBeLessThan(500, what);
        if (status < 400)
            return;
        mediaType.ShouldBe("application/problem+json", what);
        if (status != (int)HttpStatusCode.BadRequest)
            return;
        JsonNode? problem = null;
        try
        {
            problem = JsonNode.Parse(body);
        }
        catch (JsonException) { }
        Locates(problem).ShouldBeTrue($"a 400 names no pointer or line: {what}");
    }

    private static bool Locates(JsonNode? problem) =>
        problem is JsonObject o
        && (
            o["pointer"] is JsonValue
            || o["line"] is JsonValue
            || o["errors"] is JsonArray { Count: > 0 } errors
                && errors.All(e => e?["pointer"] is JsonValue || e?["line"] is JsonValue)
        );

    public static string Shorten(string text) =>
        text.Length <= 600 ? text : text[..400] + $"... ({text.Length} characters)";
}

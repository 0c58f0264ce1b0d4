using System.Net;
using System.Text.Json.Nodes;

namespace Makini.Flows.Hostile.Tests.Support;

/// <summary>How the server must refuse a hostile document or script: a problem a flow author can read, never a 500.</summary>
public static class ProblemAssertions
{
    /// <summary>
    /// 400 application/problem+json whose pointers (the top-level <c>pointer</c> or those of its
    /// <c>errors</c>) include <paramref name="pointer"/>; returns the body.
    /// </summary>
    public static async Task<string> ShouldBeAProblemAtAsync(
        this HttpResponseMessage response,
        string pointer
    )
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        Pointers(JsonNode.Parse(body)!).ShouldContain(pointer, body);
        return body;
    }

    /// <summary>The answer's problems, each a short message for a flow author (no stack trace).</summary>
    public static List<string> ProblemsShouldBeReadable(JsonNode answer)
    {
        var problems = answer["problems"]
            .ShouldBeOfType<JsonArray>()
            .Select(p => (string)p!["message"]!)
            .ToList();
        problems.ShouldAllBe(message => message.Length < 400 && !message.Contains("   at "));
        return problems;
    }

    private static IEnumerable<string> Pointers(JsonNode problem)
    {
        if (problem["pointer"] is JsonValue pointer)
            yield return (string)pointer!;
        if (problem["errors"] is JsonArray errors)
            foreach (var error in errors)
                if (error?["pointer"] is JsonValue each)
                    yield return (string)each!;
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Makini.Flows.Hostile.Tests.Support;

/// <summary>The calls a flow author makes: import and publish, run, check an expression, create a key.</summary>
public static class ServerApi
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static Task<HttpResponseMessage> ImportAsync(this HttpClient client, JsonObject flow) =>
        client.PostAsJsonAsync("/api/flows/import?publish=true", flow, Cancel);

    /// <summary>Posts the JSON text as it is (which a <see cref="JsonNode"/> may not hold).</summary>
    public static Task<HttpResponseMessage> PostTextAsync(
        this HttpClient client,
        string path,
        string json
    ) => client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), Cancel);

    /// <summary>Imports and publishes a flow evaluating the script; fails the test if the server refuses it.</summary>
    /// <param name="language">The expression kind: <c>cs</c>, or <c>js</c> for JavaScript.</param>
    public static Task PublishScriptAsync(
        this HttpClient client,
        string id,
        string script,
        string language = "cs"
    ) => client.PublishAsync(ScriptFlows.Evaluating(id, script, language));

    public static Task PublishJavaScriptAsync(this HttpClient client, string id, string script) =>
        client.PublishScriptAsync(id, script, "js");

    /// <summary>Imports and publishes the flow; fails the test if the server refuses it.</summary>
    public static async Task PublishAsync(this HttpClient client, JsonObject flow)
    {
        using var response = await client.ImportAsync(flow);
        response.StatusCode.ShouldBe(
            HttpStatusCode.OK,
            await response.Content.ReadAsStringAsync(Cancel)
        );
    }

    public static async Task<RunResult> RunAsync(
        this HttpClient client,
        string flowId,
        JsonNode? input = null
    )
    {
        using var response = await client.PostAsJsonAsync(
            $"/api/flows/{flowId}/runs",
            input ?? new JsonObject(),
            Cancel
        );
        var body = await response.Content.ReadAsStringAsync(Cancel);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        return RunResult.From(JsonNode.Parse(body)!);
    }

    public static Task<HttpResponseMessage> ValidateAsync(
        this HttpClient client,
        string language,
        string source
    ) =>
        client.PostAsJsonAsync(
            "/api/expressions/validate",
            new JsonObject { ["language"] = language, ["source"] = source },
            Cancel
        );

    /// <summary>A client of the same server that authenticates with a new key of the given role.</summary>
    public static async Task<HttpClient> WithNewKeyAsync(this HttpClient client, string role)
    {
        using var response = await client.PostAsJsonAsync(
            "/api/keys",
            new JsonObject { ["name"] = $"hostile {role}", ["role"] = role },
            Cancel
        );
        var body = await response.Content.ReadAsStringAsync(Cancel);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        var keyed = new HttpClient { BaseAddress = client.BaseAddress };
        keyed.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            (string)JsonNode.Parse(body)!["key"]!
        );
        return keyed;
    }
}

using System.Text.Json.Nodes;
using Makini.Flows.Engine.Activities;

namespace Makini.Flows.Activities.Http;

/// <summary>The answer a synchronous HTTP trigger gives its caller. The last one a run executes wins.</summary>
[Activity(
    "HttpResponse",
    "HTTP",
    "Sets the answer to the request that started the run (synchronous HTTP triggers): status, headers and body.",
    DisplayName = "HTTP Response"
)]
public sealed class HttpResponse : Activity
{
    public const string OutputName = "response";

    /// <summary>Where the answer is left for the host, whatever the flow's journal setting keeps.</summary>
    public const string RunPropertyName = "http.response";

    [Input("HTTP status code.", DefaultJson = "200")]
    public Input<int> Status { get; set; } = null!;

    [Input("Response headers, e.g. { \"Cache-Control\": \"no-store\" }.", UiHint = UiHints.Json)]
    public Input<JsonObject> Headers { get; set; } = null!;

    [Input("Response body (JSON).", UiHint = UiHints.Code)]
    public Input<JsonNode> Body { get; set; } = null!;

    [Output("The response: status, headers, body.")]
    public Output<JsonNode> Response { get; set; } = null!;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var status = context.Get(Status);
        if (status is < 100 or > 599)
            throw new InvalidOperationException($"{status} is not an HTTP status code");
        var response = new JsonObject
        {
            ["status"] = status,
            ["headers"] = context.GetDetached(Headers),
            ["body"] = context.GetDetached(Body),
        };
        context.Set(Response, response);
        // The same node: values are never changed once set, and the body is the largest part of a run's state.
        context.SetRunProperty(RunPropertyName, response);
        return ValueTask.FromResult(ActivityResult.Done);
    }
}

using Makini.Flows.Engine.Activities;

namespace Makini.Flows.Activities.Http;

/// <summary>
/// Starts a published flow when an HTTP request arrives at <c>/hooks/{path}</c>. The request is the run's input:
/// <c>input.method</c>, <c>input.path</c>, <c>input.query</c>, <c>input.headers</c>, <c>input.body</c>.
/// The server reads the trigger's literal inputs to route requests; executing it only continues.
/// </summary>
[Activity(
    "HttpTrigger",
    "Triggers",
    "Starts the flow when an HTTP request arrives at /hooks/{path}; the request (method, path, query, headers, body) is the run's input.",
    DisplayName = "HTTP Trigger",
    IsStart = true
)]
public sealed class HttpTrigger : Activity
{
    [Input("Route under /hooks/, e.g. work-orders/created.", Required = true, LiteralOnly = true)]
    public Input<string> Path { get; set; } = null!;

    [Input(
        "HTTP methods the route answers.",
        UiHint = UiHints.List,
        DefaultJson = """["POST"]""",
        LiteralOnly = true
    )]
    public Input<string[]> Methods { get; set; } = null!;

    [Input(
        "sync: answer with the flow's HTTP Response (or its output) when the run ends; async: answer 202 at once with the run id.",
        UiHint = UiHints.Dropdown,
        Options = [HttpTriggerModes.Sync, HttpTriggerModes.Async],
        DefaultJson = "\"sync\"",
        LiteralOnly = true
    )]
    public Input<string> Mode { get; set; } = null!;

    [Input(
        "apiKey: callers must send an API key; public: anyone may call.",
        UiHint = UiHints.Dropdown,
        Options = [HttpTriggerModes.ApiKey, HttpTriggerModes.Public],
        DefaultJson = "\"apiKey\"",
        LiteralOnly = true
    )]
    public Input<string> Access { get; set; } = null!;

    [Input(
        "Name of a Standard Webhooks secret the server holds (configuration Hooks:Secrets:<name>); when set, unsigned or wrongly signed requests are refused.",
        LiteralOnly = true
    )]
    public Input<string> SignatureSecret { get; set; } = null!;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Done);
}

public static class HttpTriggerModes
{
    public const string Sync = "sync";
    public const string Async = "async";
    public const string ApiKey = "apiKey";
    public const string Public = "public";
}

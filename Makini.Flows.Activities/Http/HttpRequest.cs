using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Activities.Outbound;
using Makini.Flows.Engine.Activities;

namespace Makini.Flows.Activities.Http;

/// <summary>
/// Calls a URL and makes the answer available to later activities: <c>outputs.&lt;id&gt;.status</c>,
/// <c>.headers</c>, <c>.body</c> (parsed when it is JSON). Goes through the host's <see cref="OutboundHttp"/>, so only
/// public or operator-allowed addresses are reached and redirects are not followed.
/// </summary>
[Activity(
    "HttpRequest",
    "HTTP",
    "Calls a URL (public addresses only, unless the operator allows a range) and outputs the answer's status, headers and body. Retries network errors, timeouts, 408, 429 (after Retry-After) and 5xx.",
    DisplayName = "HTTP Request",
    Ports = [ActivityPorts.Done, OutboundPorts.Failed]
)]
public sealed class HttpRequest : Activity
{
    public const int MaxRetries = 10;
    public const double MaxTimeoutSeconds = 300;

    [Input(
        "HTTP method.",
        UiHint = UiHints.Dropdown,
        Options = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"],
        DefaultJson = "\"GET\""
    )]
    public Input<string> Method { get; set; } = null!;

    [Input("Absolute http or https URL.", Required = true)]
    public Input<string> Url { get; set; } = null!;

    [Input(
        "Request headers, e.g. { \"Authorization\": \"Bearer ...\" }; values are strings.",
        UiHint = UiHints.Json
    )]
    public Input<JsonObject> Headers { get; set; } = null!;

    [Input(
        "Request body: a string is sent as text (text/plain unless a Content-Type header says otherwise); anything else as JSON.",
        UiHint = UiHints.Code
    )]
    public Input<JsonNode> Body { get; set; } = null!;

    [Input("Seconds one attempt may take, answer included (at most 300).", DefaultJson = "30")]
    public Input<double> TimeoutSeconds { get; set; } = null!;

    [Input(
        "How many times to try again after a network error, a timeout, 408, 429 or 5xx (at most 10); waits Retry-After (up to 60 s) or 1, 2, 4... s. Use 0 for calls that must not be repeated.",
        DefaultJson = "2"
    )]
    public Input<int> Retries { get; set; } = null!;

    [Input(
        "Whether the run faults when the call fails (no answer, or not 2xx after the retries); when off, it continues along Failed with the outputs set.",
        UiHint = UiHints.Checkbox,
        DefaultJson = "true"
    )]
    public Input<bool> FaultOnError { get; set; } = null!;

    [Output("HTTP status of the answer; null when none came.")]
    public Output<int> Status { get; set; } = null!;

    [Output("Answer headers, names in lower case.")]
    public Output<JsonObject> ResponseHeaders { get; set; } = null!;

    [Output("Answer body: parsed when it is JSON, otherwise text; null when empty.")]
    public Output<JsonNode> ResponseBody { get; set; } = null!;

    [Output("Number of attempts made.")]
    public Output<int> Attempts { get; set; } = null!;

    [Output("Why the call failed; null when it succeeded.")]
    public Output<string> Error { get; set; } = null!;

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var method = new HttpMethod((context.Get(Method) ?? "GET").Trim().ToUpperInvariant());
        var url = OutboundUrl.Parse(context.Get(Url), "url");
        var headers = context.Get(Headers);
        context.RecordInput(Headers.Name, SensitiveHeaders.Redact(headers));
        var body = context.Get(Body);
        var timeout = context.Get(TimeoutSeconds);
        if (double.IsNaN(timeout) || timeout <= 0 || timeout > MaxTimeoutSeconds)
            throw new InvalidOperationException(
                $"timeoutSeconds must be more than 0 and at most {MaxTimeoutSeconds}, not {timeout}"
            );
        var retries = context.Get(Retries);
        if (retries is < 0 or > MaxRetries)
            throw new InvalidOperationException(
                $"retries must be between 0 and {MaxRetries}, not {retries}"
            );
        var faultOnError = context.Get(FaultOnError);

        var response = await OutboundSender.SendAsync(
            context.GetRequiredService<OutboundHttp>(),
            new OutboundCall
            {
                Request = _ => BuildRequest(method, url, headers, body),
                MaxAttempts = retries + 1,
                Timeout = TimeSpan.FromSeconds(timeout),
                OnRetry = message => context.Log("warning", $"{method} {url}: {message}"),
            },
            context.Time,
            context.CancellationToken
        );

        context.SetOutput(Status.Name, response.Status);
        context.SetOutput(ResponseHeaders.Name, response.Headers);
        context.SetOutput(ResponseBody.Name, response.BodyAsJson());
        context.SetOutput(Attempts.Name, response.Attempts);
        var error = response.IsSuccess ? null : FailureOf(method, url, response);
        context.SetOutput(Error.Name, error);
        if (error is null)
            return ActivityResult.Done;
        if (faultOnError)
            throw new InvalidOperationException(error);
        return ActivityResult.Outcome(OutboundPorts.Failed);
    }

    private static string FailureOf(HttpMethod method, Uri url, OutboundResponse response) =>
        response.Error is { } error
            ? $"{method} {url} failed after {response.Attempts} attempt(s): {error}"
            : $"{method} {url} answered {response.Status} after {response.Attempts} attempt(s)";

    private static HttpRequestMessage BuildRequest(
        HttpMethod method,
        Uri url,
        JsonObject? headers,
        JsonNode? body
    )
    {
        var request = new HttpRequestMessage(method, url);
        string? contentType = null;
        var contentHeaders = new List<(string Name, string Value)>();
        foreach (var (name, value) in headers ?? [])
        {
            var text =
                value is JsonValue v && v.TryGetValue<string>(out var s)
                    ? s
                    : value?.ToJsonString() ?? "";
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                contentType = text;
            else if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
                contentHeaders.Add((name, text));
            else if (!request.Headers.TryAddWithoutValidation(name, text))
                throw new InvalidOperationException($"the header '{name}' cannot be sent");
        }
        if (body is null)
            return request;
        var content =
            body is JsonValue scalar
            && scalar.GetValueKind() == JsonValueKind.String
            && scalar.TryGetValue<string>(out var textBody)
                ? new ByteArrayContent(Encoding.UTF8.GetBytes(textBody))
                : new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(
            contentType
                ?? (
                    body.GetValueKind() == JsonValueKind.String
                        ? "text/plain; charset=utf-8"
                        : "application/json"
                )
        );
        foreach (var (name, text) in contentHeaders)
            content.Headers.TryAddWithoutValidation(name, text);
        request.Content = content;
        return request;
    }
}

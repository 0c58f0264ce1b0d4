using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Activities.Outbound;
using Makini.Flows.Activities.Secrets;
using Makini.Flows.Engine.Activities;

namespace Makini.Flows.Activities.Webhooks;

/// <summary>
/// Sends one webhook now (direct mode): POSTs the envelope <c>{type, timestamp, connectionId, data}</c> to a URL,
/// signed with Standard Webhooks headers (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>) and
/// Makini's legacy <c>X-Webhook-Signature</c>. The secret is named, never held by the flow: the host resolves it
/// (<see cref="ISecretResolver"/>). Only 2xx is success; each attempt may take 15 s; redirects are not followed.
/// The webhook id is derived from the run and this execution, so it is the same on every retry and when the run
/// continues after a crash; the timestamp is new on every attempt.
/// </summary>
[Activity(
    "SendWebhook",
    "Webhooks",
    "POSTs a signed webhook (Standard Webhooks + X-Webhook-Signature) with the envelope {type, timestamp, connectionId, data}; only 2xx is success.",
    DisplayName = "Send Webhook",
    Ports = [ActivityPorts.Done, OutboundPorts.Failed]
)]
public sealed class SendWebhook : Activity
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(15);
    public const int MaxAttemptsAllowed = 5;

    [Input("The receiver's absolute http or https URL.", Required = true)]
    public Input<string> Url { get; set; } = null!;

    [Input(
        "Name of the signing secret the server holds (configuration Hooks:Secrets:<name>, a whsec_ secret; several separated by spaces while rotating keys).",
        Required = true,
        LiteralOnly = true
    )]
    public Input<string> Secret { get; set; } = null!;

    [Input("Event type, e.g. workOrder.overdue.", Required = true)]
    public Input<string> EventType { get; set; } = null!;

    [Input("The event's data: the envelope's data field.", UiHint = UiHints.Code)]
    public Input<JsonNode> Payload { get; set; } = null!;

    [Input("Id of the connection the event is about, if any: the envelope's connectionId.")]
    public Input<string> ConnectionId { get; set; } = null!;

    [Input(
        "Attempts before giving up (1 to 5), after network errors, timeouts, 408, 429 (after Retry-After) and 5xx.",
        DefaultJson = "3"
    )]
    public Input<int> MaxAttempts { get; set; } = null!;

    [Input(
        "Whether the run faults when the webhook is not delivered; when off, it continues along Failed with the outputs set.",
        UiHint = UiHints.Checkbox,
        DefaultJson = "true"
    )]
    public Input<bool> FaultOnError { get; set; } = null!;

    [Output("The webhook-id header: the same on every attempt.")]
    public Output<string> WebhookId { get; set; } = null!;

    [Output("HTTP status of the last answer; null when none came.")]
    public Output<int> Status { get; set; } = null!;

    [Output("Number of the last attempt made.")]
    public Output<int> Attempt { get; set; } = null!;

    [Output("Why delivery failed; null when it succeeded.")]
    public Output<string> Error { get; set; } = null!;

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var url = OutboundUrl.Parse(context.Get(Url), "url");
        var secrets = ResolveSecrets(context, context.Get(Secret));
        var eventType = context.Get(EventType);
        if (string.IsNullOrWhiteSpace(eventType))
            throw new InvalidOperationException("eventType must not be empty");
        var attempts = context.Get(MaxAttempts);
        if (attempts is < 1 or > MaxAttemptsAllowed)
            throw new InvalidOperationException(
                $"maxAttempts must be between 1 and {MaxAttemptsAllowed}, not {attempts}"
            );
        var faultOnError = context.Get(FaultOnError);
        var webhookId = IdFor(context);
        var body = WebhookEnvelope.Create(
            eventType,
            context.Time.GetUtcNow(),
            context.Get(ConnectionId),
            context.Get(Payload)
        );
        context.SetOutput(WebhookId.Name, webhookId);

        var response = await OutboundSender.SendAsync(
            context.GetRequiredService<OutboundHttp>(),
            new OutboundCall
            {
                Request = _ =>
                    SignedRequest(url, webhookId, context.Time.GetUtcNow(), body, secrets),
                MaxAttempts = attempts,
                Timeout = AttemptTimeout,
                OnRetry = message => context.Log("warning", $"webhook {webhookId}: {message}"),
            },
            context.Time,
            context.CancellationToken
        );

        context.SetOutput(Status.Name, response.Status);
        context.SetOutput(Attempt.Name, response.Attempts);
        var error = response.IsSuccess
            ? null
            : $"webhook {webhookId} to {url} was not delivered after {response.Attempts} attempt(s): "
                + (response.Error ?? $"the receiver answered {response.Status}");
        context.SetOutput(Error.Name, error);
        if (error is null)
            return ActivityResult.Done;
        if (faultOnError)
            throw new InvalidOperationException(error);
        return ActivityResult.Outcome(OutboundPorts.Failed);
    }

    /// <summary>A request carrying the body and its signatures for this attempt's timestamp.</summary>
    public static HttpRequestMessage SignedRequest(
        Uri url,
        string webhookId,
        DateTimeOffset now,
        byte[] body,
        IReadOnlyList<string> secrets
    )
    {
        var timestamp = now.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json")
        {
            CharSet = "utf-8",
        };
        request.Headers.TryAddWithoutValidation(WebhookHeaders.Id, webhookId);
        request.Headers.TryAddWithoutValidation(WebhookHeaders.Timestamp, timestamp.ToString());
        request.Headers.TryAddWithoutValidation(
            WebhookHeaders.Signature,
            StandardWebhooks.SignAll(secrets, webhookId, timestamp, body)
        );
        request.Headers.TryAddWithoutValidation(
            WebhookHeaders.Legacy,
            LegacyWebhookSignature.Sign(secrets[0], body)
        );
        request.Headers.UserAgent.ParseAdd("Makini-Flows-Webhooks/1.0");
        return request;
    }

    private static IReadOnlyList<string> ResolveSecrets(ActivityContext context, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new InvalidOperationException("secret must name a configured signing secret");
        var resolver = context.GetRequiredService<ISecretResolver>();
        var configured = resolver.Find(name);
        if (string.IsNullOrWhiteSpace(configured))
            throw new InvalidOperationException(
                $"the signing secret '{name}' is not configured on this server ({resolver.WhereToSet(name)})"
            );
        var secrets = StandardWebhooks.SplitSecrets(configured);
        if (secrets.Any(s => !StandardWebhooks.IsValidSecret(s)))
            throw new InvalidOperationException(
                $"the signing secret '{name}' ({resolver.WhereToSet(name)}) is not a whsec_ secret: whsec_ followed by base64"
            );
        return secrets;
    }

    /// <summary>
    /// <c>msg_</c> and 32 hex digits derived from the run, the node and the execution's sequence: stable across
    /// attempts and across a crash that repeats this execution, different for every other execution.
    /// </summary>
    private static string IdFor(ActivityContext context) =>
        "msg_"
        + Convert.ToHexStringLower(
            SHA256.HashData(
                Encoding.UTF8.GetBytes(
                    $"{context.RunId}/{context.ActivityId}/{context.ExecutionSequence}"
                )
            )
        )[..32];
}

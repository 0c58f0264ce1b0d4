namespace Makini.Flows.Activities.Webhooks;

/// <summary>Names of the headers a signed webhook carries.</summary>
public static class WebhookHeaders
{
    public const string Id = "webhook-id";
    public const string Timestamp = "webhook-timestamp";
    public const string Signature = "webhook-signature";
    public const string Legacy = LegacyWebhookSignature.Header;
}

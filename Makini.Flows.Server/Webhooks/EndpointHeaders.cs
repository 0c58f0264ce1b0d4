using System.Text.Json;
using Makini.Flows.Server.Secrets;

namespace Makini.Flows.Server.Webhooks;

/// <summary>
/// An endpoint's custom request headers (often credentials for the receiver: <c>Authorization: Bearer ...</c>):
/// encrypted at rest with the key ring, like signing secrets, and never shown by the API, which names them with a
/// mask as value. Sending the mask back in a replace keeps the stored value.
/// </summary>
public static class EndpointHeaders
{
    public const string Mask = "********";
    private const string Encrypted = "enc:";

    /// <summary>The headers to send (decrypted).</summary>
    public static IReadOnlyDictionary<string, string> Of(
        WebhookEndpointRecord endpoint,
        SecretProtector protector
    ) =>
        endpoint.HeadersJson switch
        {
            null => new Dictionary<string, string>(),
            var stored when stored.StartsWith(Encrypted, StringComparison.Ordinal) => Parse(
                protector.Unprotect(stored[Encrypted.Length..])
            ),
            // Stored before headers were encrypted.
            var plain => Parse(plain),
        };

    /// <summary>The header names with the mask as value: what the API shows.</summary>
    public static IReadOnlyDictionary<string, string> Masked(
        WebhookEndpointRecord endpoint,
        SecretProtector protector
    ) =>
        Of(endpoint, protector)
            .ToDictionary(h => h.Key, _ => Mask, StringComparer.OrdinalIgnoreCase);

    /// <summary>Stores the headers encrypted; a header sent with the mask as value keeps the value stored.</summary>
    public static void Store(
        WebhookEndpointRecord endpoint,
        IReadOnlyDictionary<string, string>? headers,
        SecretProtector protector
    )
    {
        if (headers is not { Count: > 0 })
        {
            endpoint.HeadersJson = null;
            return;
        }
        var stored = Of(endpoint, protector);
        var values = headers.ToDictionary(
            h => h.Key,
            h => h.Value == Mask && stored.TryGetValue(h.Key, out var kept) ? kept : h.Value
        );
        endpoint.HeadersJson = Encrypted + protector.Protect(JsonSerializer.Serialize(values));
    }

    private static Dictionary<string, string> Parse(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
}

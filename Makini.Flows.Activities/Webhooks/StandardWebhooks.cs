using System.Security.Cryptography;
using System.Text;

namespace Makini.Flows.Activities.Webhooks;

/// <summary>
/// Standard Webhooks signatures (https://www.standardwebhooks.com): <c>v1,base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))</c>
/// where the key is the base64 part of a <c>whsec_</c> secret. Verification compares in constant time, accepts any
/// of several space-separated signatures (key rotation) and rejects timestamps more than 300 s away.
/// </summary>
public static class StandardWebhooks
{
    public const string SecretPrefix = "whsec_";
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(300);

    public static string Sign(
        string secret,
        string messageId,
        long timestamp,
        ReadOnlySpan<byte> body
    ) => "v1," + Convert.ToBase64String(Hmac(KeyOf(secret), messageId, timestamp, body));

    /// <summary>
    /// The <c>webhook-signature</c> header value for a message signed with several secrets at once (key rotation):
    /// one <c>v1,</c> signature per secret, separated by spaces.
    /// </summary>
    public static string SignAll(
        IEnumerable<string> secrets,
        string messageId,
        long timestamp,
        ReadOnlySpan<byte> body
    )
    {
        var signatures = new List<string>();
        foreach (var secret in secrets)
            signatures.Add(Sign(secret, messageId, timestamp, body));
        return string.Join(' ', signatures);
    }

    /// <summary>
    /// The secrets a configured value holds: one, or several separated by spaces or commas while a key is rotated
    /// (the newest first).
    /// </summary>
    public static IReadOnlyList<string> SplitSecrets(string configured) =>
        configured.Split(
            [' ', ',', '\t', '\n', '\r'],
            StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries
        );

    /// <summary>Whether the text is a usable secret: <c>whsec_</c> (optional) and base64 of at least one byte.</summary>
    public static bool IsValidSecret(string secret)
    {
        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal)
            ? secret[SecretPrefix.Length..]
            : secret;
        var buffer = new byte[encoded.Length];
        return encoded.Length > 0
            && Convert.TryFromBase64String(encoded, buffer, out var written)
            && written > 0;
    }

    /// <summary>
    /// Verifies with any of several secrets (the receiver's side of key rotation): null when one of them verifies
    /// the message, otherwise why not.
    /// </summary>
    public static string? Verify(
        IEnumerable<string> secrets,
        string? messageId,
        string? timestamp,
        string? signatures,
        ReadOnlySpan<byte> body,
        DateTimeOffset now
    )
    {
        string? reason = "no secret to verify with";
        foreach (var secret in secrets)
        {
            reason = Verify(secret, messageId, timestamp, signatures, body, now);
            if (reason is null)
                return null;
        }
        return reason;
    }

    /// <summary>Null when the message is authentic; otherwise why it is not, in words for the caller.</summary>
    public static string? Verify(
        string secret,
        string? messageId,
        string? timestamp,
        string? signatures,
        ReadOnlySpan<byte> body,
        DateTimeOffset now
    )
    {
        if (
            string.IsNullOrEmpty(messageId)
            || string.IsNullOrEmpty(timestamp)
            || string.IsNullOrEmpty(signatures)
        )
            return "the webhook-id, webhook-timestamp and webhook-signature headers are required";
        if (!long.TryParse(timestamp, out var seconds))
            return "webhook-timestamp is not a number of seconds";
        var sent = DateTimeOffset.FromUnixTimeSeconds(
            Math.Clamp(seconds, -62135596800, 253402300799)
        );
        if ((now - sent).Duration() > Tolerance)
            return "webhook-timestamp is more than 300 s away from now";
        var expected = Hmac(KeyOf(secret), messageId, seconds, body);
        foreach (var candidate in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!candidate.StartsWith("v1,", StringComparison.Ordinal))
                continue;
            var bytes = new byte[expected.Length];
            if (
                Convert.TryFromBase64String(candidate[3..], bytes, out var written)
                && written == expected.Length
                && CryptographicOperations.FixedTimeEquals(bytes, expected)
            )
                return null;
        }
        return "no webhook-signature matches";
    }

    /// <summary>A new secret: <c>whsec_</c> and 32 random bytes in base64.</summary>
    public static string NewSecret() =>
        SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static byte[] KeyOf(string secret) =>
        Convert.FromBase64String(
            secret.StartsWith(SecretPrefix, StringComparison.Ordinal)
                ? secret[SecretPrefix.Length..]
                : secret
        );

    private static byte[] Hmac(
        byte[] key,
        string messageId,
        long timestamp,
        ReadOnlySpan<byte> body
    )
    {
        var prefix = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return HMACSHA256.HashData(key, content);
    }
}

using System.Security.Cryptography;
using System.Text;

namespace Makini.Flows.Activities.Webhooks;

/// <summary>
/// Makini's legacy <c>X-Webhook-Signature</c> header, for receivers written before Standard Webhooks: the lower-case
/// hex HMAC-SHA256 of the raw body, keyed with the UTF-8 bytes of the secret exactly as configured (the whole
/// <c>whsec_...</c> text). It carries no timestamp, so it does not protect against replays; new receivers should
/// check the Standard Webhooks headers.
/// </summary>
public static class LegacyWebhookSignature
{
    public const string Header = "X-Webhook-Signature";

    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Whether the header holds the body's signature; compared in constant time, hex in either case.</summary>
    public static bool Verify(string secret, string? header, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrWhiteSpace(header))
            return false;
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        byte[] given;
        try
        {
            given = Convert.FromHexString(header.Trim());
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }
}

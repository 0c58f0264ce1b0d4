using System.Security.Cryptography;
using System.Text;

namespace Makini.Flows.Activities.Tests.Support;

/// <summary>
/// A receiver's check written straight from the Standard Webhooks specification, sharing no code with our signer:
/// HMAC-SHA256 keyed with the base64-decoded part of the secret after <c>whsec_</c>, over
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>, base64, compared with each <c>v1,</c> entry of
/// <c>webhook-signature</c>; timestamps more than 300 s away are refused.
/// </summary>
public static class SpecReceiver
{
    public static bool Accepts(string secret, ReceivedRequest request, DateTimeOffset now)
    {
        var id = request.Header("webhook-id");
        var timestamp = request.Header("webhook-timestamp");
        var signatures = request.Header("webhook-signature");
        if (id is null || timestamp is null || signatures is null)
            return false;
        if (Math.Abs(now.ToUnixTimeSeconds() - long.Parse(timestamp)) > 300)
            return false;
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signedContent = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(request.Body);
        var expected = Convert.ToBase64String(
            new HMACSHA256(key).ComputeHash(signedContent.ToArray())
        );
        return signatures
            .Split(' ')
            .Where(s => s.StartsWith("v1,"))
            .Any(s =>
                CryptographicOperations.FixedTimeEquals(
                    Encoding.ASCII.GetBytes(s[3..]),
                    Encoding.ASCII.GetBytes(expected)
                )
            );
    }

    /// <summary>Makini's legacy header, checked as an existing receiver does: hex HMAC-SHA256 of the body with the secret text.</summary>
    public static bool AcceptsLegacy(string secret, ReceivedRequest request)
    {
        var header = request.Header("x-webhook-signature");
        if (header is null)
            return false;
        var expected = Convert.ToHexString(
            new HMACSHA256(Encoding.UTF8.GetBytes(secret)).ComputeHash(request.Body)
        );
        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(header.ToUpperInvariant()),
            Encoding.ASCII.GetBytes(expected)
        );
    }
}

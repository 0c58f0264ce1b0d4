using System.Collections.Concurrent;
using Makini.Flows.Server.Secrets;

namespace Makini.Flows.Server.Webhooks;

/// <summary>
/// The secrets a delivery is signed with: the current one, and the previous one while its rotation overlap
/// lasts. Decrypted once per stored ciphertext and kept in memory (a rotation stores a new ciphertext, so an old
/// entry is simply no longer asked for); the cache is emptied when it grows past <see cref="MaxEntries"/>.
/// </summary>
public sealed class SigningSecrets(SecretProtector protector)
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, string> _decrypted = new();

    public IReadOnlyList<string> For(WebhookEndpointRecord endpoint, DateTime now) =>
        endpoint.ProtectedPreviousSecret is not null && endpoint.PreviousSecretExpiresAt > now
            ? [Decrypt(endpoint.ProtectedSecret), Decrypt(endpoint.ProtectedPreviousSecret)]
            : [Decrypt(endpoint.ProtectedSecret)];

    private string Decrypt(string protectedSecret)
    {
        if (_decrypted.Count > MaxEntries)
            _decrypted.Clear();
        return _decrypted.GetOrAdd(protectedSecret, protector.Unprotect);
    }
}

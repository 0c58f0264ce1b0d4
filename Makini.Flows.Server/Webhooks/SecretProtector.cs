using System.Security.Cryptography;
using Makini.Flows.Server.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Webhooks;

/// <summary>
/// Encrypts secrets kept in the database (webhook signing secrets) with ASP.NET Core Data Protection, whose key
/// ring is persisted where <see cref="KeyRing"/> says. Without that key ring the stored secrets cannot be read.
/// </summary>
public sealed class SecretProtector(IDataProtectionProvider provider, KeyRing keyRing)
{
    private readonly IDataProtector _protector = provider.CreateProtector(
        "Makini.Flows.Secrets.v1"
    );

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);

    /// <summary>
    /// Throws, naming the key ring's location and setting, when secrets are stored but cannot be decrypted
    /// (the key ring was lost or another one is configured): the server must not start and silently fail to sign.
    /// </summary>
    public async Task EnsureReadableAsync(FlowsDbContext db, CancellationToken cancellationToken)
    {
        // Makes sure the key ring has a key; called while nodes take turns at start-up, so nodes sharing a
        // key ring in the database do not each create their first key at the same moment.
        Protect("probe");
        var stored = await db
            .WebhookEndpoints.OrderBy(e => e.CreatedAt)
            .Select(e => new { e.Id, e.ProtectedSecret })
            .FirstOrDefaultAsync(cancellationToken);
        if (stored is null)
            return;
        try
        {
            Unprotect(stored.ProtectedSecret);
        }
        catch (CryptographicException exception)
        {
            throw new InvalidOperationException(
                $"Stored secrets (webhook endpoint {stored.Id} and others) cannot be decrypted with the Data Protection key ring at {keyRing.Description}: {exception.Message} "
                    + $"Restore the keys that encrypted them ({keyRing.HowToSet}); they cannot be recovered otherwise (delete and recreate the webhook endpoints to start over).",
                exception
            );
        }
    }
}

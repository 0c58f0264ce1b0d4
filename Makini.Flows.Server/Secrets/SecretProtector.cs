using System.Security.Cryptography;
using Makini.Flows.Server.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Secrets;

/// <summary>
/// Encrypts secrets kept in the database (webhook signing secrets, connection credentials) with ASP.NET Core Data
/// Protection, whose key ring is persisted where <see cref="KeyRing"/> says. Without that key ring the stored
/// secrets cannot be read. Credentials have a purpose of their own, so a protected webhook secret can never be
/// read back as a connection's credentials, nor the other way round.
/// </summary>
public sealed class SecretProtector(IDataProtectionProvider provider, KeyRing keyRing)
{
    private readonly IDataProtector _protector = provider.CreateProtector(
        "Makini.Flows.Secrets.v1"
    );
    private readonly IDataProtector _credentials = provider.CreateProtector(
        "Makini.Flows.Secrets.v1",
        "connection-credentials"
    );

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);

    /// <summary>A connection's credentials (one JSON object of field to value) as one protected blob.</summary>
    public string ProtectCredentials(string json) => _credentials.Protect(json);

    public string UnprotectCredentials(string protectedJson) =>
        _credentials.Unprotect(protectedJson);

    /// <summary>
    /// Throws, naming the key ring's location and setting, when secrets are stored but cannot be decrypted
    /// (the key ring was lost or another one is configured): the server must not start and silently fail to sign
    /// webhooks or to reach its connections.
    /// </summary>
    public async Task EnsureReadableAsync(FlowsDbContext db, CancellationToken cancellationToken)
    {
        // Makes sure the key ring has a key; called while nodes take turns at start-up, so nodes sharing a
        // key ring in the database do not each create their first key at the same moment.
        Protect("probe");
        var endpoint = await db
            .WebhookEndpoints.OrderBy(e => e.CreatedAt)
            .Select(e => new { e.Id, e.ProtectedSecret })
            .FirstOrDefaultAsync(cancellationToken);
        if (endpoint is not null)
            EnsureReadable(
                () => Unprotect(endpoint.ProtectedSecret),
                $"webhook endpoint {endpoint.Id}",
                "the webhook endpoints"
            );
        var connection = await db
            .Connections.OrderBy(c => c.CreatedAt)
            .Select(c => new { c.Id, c.ProtectedCredentials })
            .FirstOrDefaultAsync(cancellationToken);
        if (connection is not null)
            EnsureReadable(
                () => UnprotectCredentials(connection.ProtectedCredentials),
                $"the credentials of connection {connection.Id}",
                "the connections"
            );
    }

    private void EnsureReadable(Action unprotect, string example, string startOver)
    {
        try
        {
            unprotect();
        }
        catch (CryptographicException exception)
        {
            throw new InvalidOperationException(
                $"Stored secrets ({example} and others) cannot be decrypted with the Data Protection key ring at {keyRing.Description}: {exception.Message} "
                    + $"Restore the keys that encrypted them ({keyRing.HowToSet}); they cannot be recovered otherwise (delete and recreate {startOver} to start over).",
                exception
            );
        }
    }
}

using System.Security.Cryptography;
using Makini.Flows.Server.Auth;
using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Connections;

/// <summary>
/// Tokens scoped to one connection (<c>mkc_</c> and 190 random bits, like API keys): created and shown once,
/// stored as their SHA-256, told apart by their prefix.
/// </summary>
public static class ConnectionTokens
{
    public const string TokenPrefix = "mkc_";

    /// <summary>A token's last use is written at most this often, so a busy client costs no write per request.</summary>
    public static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    private const string Alphabet =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static bool IsToken(string key) => key.StartsWith(TokenPrefix, StringComparison.Ordinal);

    public static (ConnectionTokenRecord Record, string Token) Create(
        string connectionId,
        string name,
        DateTime now
    )
    {
        var token = TokenPrefix + RandomNumberGenerator.GetString(Alphabet, 32);
        return (
            new ConnectionTokenRecord
            {
                Id = "ctk_" + Guid.NewGuid().ToString("N")[..24],
                ConnectionId = connectionId,
                Name = name,
                Prefix = token[..(TokenPrefix.Length + 4)],
                Hash = ApiKeys.Hash(token),
                CreatedAt = now,
            },
            token
        );
    }

    /// <summary>Writes the token's last use unless one was written less than <see cref="LastUsedPrecision"/> ago.</summary>
    public static Task<int> TouchAsync(
        FlowsDbContext db,
        string tokenId,
        DateTime now,
        CancellationToken cancellationToken
    )
    {
        var before = now - LastUsedPrecision;
        return db
            .ConnectionTokens.Where(t =>
                t.Id == tokenId && (t.LastUsedAt == null || t.LastUsedAt <= before)
            )
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.LastUsedAt, now), cancellationToken);
    }
}

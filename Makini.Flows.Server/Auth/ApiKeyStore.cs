using Makini.Flows.Server.Infrastructure;

namespace Makini.Flows.Server.Auth;

/// <summary>Creates API keys; stores only their hash.</summary>
public sealed class ApiKeyStore(FlowsDbContext db, TimeProvider time)
{
    /// <summary>Creates a key (or registers <paramref name="presetKey"/>) and returns it: the only time it is seen.</summary>
    public async Task<(ApiKeyRecord Record, string Key)> CreateAsync(
        string name,
        string role,
        string? presetKey,
        CancellationToken ct
    )
    {
        var key = presetKey ?? ApiKeys.NewKey();
        var record = new ApiKeyRecord
        {
            Id = Guid.NewGuid().ToString("N"),
            Name = name,
            Role = role,
            Prefix = ApiKeys.Prefix(key),
            Hash = ApiKeys.Hash(key),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.ApiKeys.Add(record);
        await db.SaveChangesAsync(ct);
        return (record, key);
    }
}

using System.Collections.Concurrent;

namespace Makini.Flows.Server.Connections;

/// <summary>
/// Connection tokens found recently, by hash, with when this node last wrote their use, so a busy client costs
/// neither a query nor a write per request. A revoked token (or one of a deleted connection) is dropped here at
/// once; on other server nodes it stops working within <see cref="Lifetime"/>. Bounded: emptied when it grows past
/// <see cref="MaxEntries"/>.
/// </summary>
public sealed class ConnectionTokenCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private const int MaxEntries = 10_000;

    public sealed record Entry(
        string TokenId,
        string Name,
        string ConnectionId,
        DateTime? LastUsedAt,
        DateTimeOffset Until
    );

    private readonly ConcurrentDictionary<string, Entry> _found = new();

    public Entry? Find(string hash) =>
        _found.TryGetValue(hash, out var entry) && entry.Until > time.GetUtcNow() ? entry : null;

    public void Remember(string hash, ConnectionTokenRecord token) =>
        Put(hash, new(token.Id, token.Name, token.ConnectionId, token.LastUsedAt, Expiry()));

    public void Used(string hash, Entry entry, DateTime at) =>
        Put(hash, entry with { LastUsedAt = at });

    public void ForgetToken(string tokenId) => Forget(e => e.TokenId == tokenId);

    public void ForgetConnection(string connectionId) =>
        Forget(e => e.ConnectionId == connectionId);

    private void Put(string hash, Entry entry)
    {
        if (_found.Count >= MaxEntries)
            _found.Clear();
        _found[hash] = entry;
    }

    private DateTimeOffset Expiry() => time.GetUtcNow() + Lifetime;

    private void Forget(Func<Entry, bool> matches)
    {
        foreach (var (hash, entry) in _found)
            if (matches(entry))
                _found.TryRemove(hash, out _);
    }
}

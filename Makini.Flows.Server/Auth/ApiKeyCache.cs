using System.Collections.Concurrent;
using Makini.Flows.Server.Infrastructure;

namespace Makini.Flows.Server.Auth;

/// <summary>
/// Keys found recently, by hash, so a busy client does not cost a database query per request. A deleted key is
/// dropped here at once; on other server nodes it stops working within <see cref="Lifetime"/>.
/// </summary>
public sealed class ApiKeyCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (ApiKeyRecord Key, DateTimeOffset Until)> _found =
        new();

    public ApiKeyRecord? Find(string hash) =>
        _found.TryGetValue(hash, out var entry) && entry.Until > time.GetUtcNow()
            ? entry.Key
            : null;

    public void Remember(ApiKeyRecord key)
    {
        if (_found.Count >= MaxEntries)
            _found.Clear();
        _found[key.Hash] = (key, time.GetUtcNow() + Lifetime);
    }

    public void Forget(string keyId)
    {
        foreach (var (hash, entry) in _found)
            if (entry.Key.Id == keyId)
                _found.TryRemove(hash, out _);
    }
}

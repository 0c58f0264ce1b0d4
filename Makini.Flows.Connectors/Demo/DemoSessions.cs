using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Makini.Flows.Connectors.Demo;

/// <summary>What the rate limit said about one request, and the headers that tell the client.</summary>
public readonly record struct DemoRateDecision(
    bool Allowed,
    int Limit,
    int Remaining,
    long ResetsAt,
    int RetryAfterSeconds
);

/// <summary>A signed-in client: its token's expiry and its requests in the current minute.</summary>
public sealed class DemoSession(long number, DateTimeOffset expiresAt)
{
    private readonly Lock _lock = new();
    private long _minute = long.MinValue;
    private int _used;

    /// <summary>The how-manyth login this is: the oldest are forgotten first.</summary>
    public long Number { get; } = number;
    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    /// <summary>Counts a request against a fixed window of one minute.</summary>
    public DemoRateDecision Take(DateTimeOffset now, int limit)
    {
        var seconds = now.ToUnixTimeSeconds();
        var minute = DemoTimeline.Minute(seconds);
        lock (_lock)
        {
            if (minute != _minute)
                (_minute, _used) = (minute, 0);
            var allowed = _used < limit;
            if (allowed)
                _used++;
            return new DemoRateDecision(
                allowed,
                limit,
                limit - _used,
                minute + 60,
                (int)(minute + 60 - seconds)
            );
        }
    }
}

/// <summary>
/// The tokens handed out by the login: random, valid for an hour, held in memory up to a bound (the oldest go first
/// when it is reached, after the expired ones), so endless logins cannot grow the server.
/// </summary>
public sealed class DemoSessions(TimeProvider clock, TimeSpan lifetime, int capacity)
{
    private readonly ConcurrentDictionary<string, DemoSession> _sessions = new(
        StringComparer.Ordinal
    );
    private long _logins;

    public int Count => _sessions.Count;

    public (string Token, DemoSession Session) Open()
    {
        var now = clock.GetUtcNow();
        if (_sessions.Count >= capacity)
            MakeRoom(now);
        var token = Convert
            .ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=')
            .Replace('+', '-')
            .Replace('/', '_');
        var session = new DemoSession(Interlocked.Increment(ref _logins), now + lifetime);
        _sessions[token] = session;
        return (token, session);
    }

    /// <summary>The session of a token, or null when the token is unknown or has expired.</summary>
    public DemoSession? Find(string token)
    {
        if (!_sessions.TryGetValue(token, out var session))
            return null;
        if (session.ExpiresAt > clock.GetUtcNow())
            return session;
        _sessions.TryRemove(token, out _);
        return null;
    }

    private void MakeRoom(DateTimeOffset now)
    {
        foreach (var (token, session) in _sessions)
            if (session.ExpiresAt <= now)
                _sessions.TryRemove(token, out _);
        // Down to nine tenths, so a full set is not sorted again at every login.
        var excess = _sessions.Count - capacity * 9 / 10;
        if (excess <= 0)
            return;
        foreach (
            // ToArray is the dictionary's own snapshot; LINQ over the live dictionary copies it with a count that
            // concurrent logins can make wrong.
            var (token, _) in _sessions.ToArray().OrderBy(pair => pair.Value.Number).Take(excess)
        )
            _sessions.TryRemove(token, out _);
    }
}

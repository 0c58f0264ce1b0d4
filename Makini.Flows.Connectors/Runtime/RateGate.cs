using System.Globalization;
using System.Net.Http.Headers;
using Makini.Flows.Connectors.Manifests;

namespace Makini.Flows.Connectors.Runtime;

/// <summary>
/// One connection's request pace: a token bucket from the manifest's <c>rateLimit</c> (computed when asked, no
/// timers, so idle connections cost nothing), and pauses the source asks for (Retry-After, or a remaining count of
/// zero until its reset time), shared by every call of the connection.
/// </summary>
internal sealed class RateGate
{
    private readonly RateLimitSpec? _spec;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _maxPause;
    private readonly double _capacity;
    private readonly double _perSecond;
    private readonly Lock _lock = new();
    private double _tokens;
    private DateTimeOffset _refilledAt;
    private DateTimeOffset _pausedUntil;

    public RateGate(RateLimitSpec? spec, TimeProvider clock, TimeSpan maxPause)
    {
        _spec = spec;
        _clock = clock;
        _maxPause = maxPause;
        var interval = Manifests.ManifestReader.ParseDuration(spec?.Interval);
        if (spec?.Requests is { } requests && interval is { TotalSeconds: > 0 } period)
        {
            _capacity = requests;
            _perSecond = requests / period.TotalSeconds;
        }
        _tokens = _capacity;
        _refilledAt = clock.GetUtcNow();
    }

    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = TryTake();
            if (wait <= TimeSpan.Zero)
                return;
            await Task.Delay(wait, _clock, cancellationToken);
        }
    }

    /// <summary>Zero when a request may go now (and takes its token), else how long to wait.</summary>
    private TimeSpan TryTake()
    {
        lock (_lock)
        {
            var now = _clock.GetUtcNow();
            if (_pausedUntil > now)
                return _pausedUntil - now;
            if (_perSecond <= 0)
                return TimeSpan.Zero;
            _tokens = Math.Min(_capacity, _tokens + (now - _refilledAt).TotalSeconds * _perSecond);
            _refilledAt = now;
            if (_tokens >= 1)
            {
                _tokens -= 1;
                return TimeSpan.Zero;
            }
            return TimeSpan.FromSeconds((1 - _tokens) / _perSecond);
        }
    }

    /// <summary>Reads what the source says about its limits.</summary>
    public void Observe(HttpResponseHeaders headers, TimeSpan? retryAfter)
    {
        var now = _clock.GetUtcNow();
        var until = retryAfter is { } delay ? now + delay : (DateTimeOffset?)null;
        if (
            _spec?.RemainingHeader is { } remainingHeader
            && Header(headers, remainingHeader) is { } remainingText
            && long.TryParse(remainingText, CultureInfo.InvariantCulture, out var remaining)
            && remaining <= 0
            && _spec.ResetHeader is { } resetHeader
            && Header(headers, resetHeader) is { } resetText
            && double.TryParse(resetText, CultureInfo.InvariantCulture, out var reset)
        )
        {
            var resetAt =
                _spec.ResetFormat == "epochSeconds"
                    ? DateTimeOffset.FromUnixTimeMilliseconds((long)(reset * 1000))
                    : now + TimeSpan.FromSeconds(reset);
            if (until is null || resetAt > until)
                until = resetAt;
        }
        if (until is not { } pause)
            return;
        if (pause > now + _maxPause)
            pause = now + _maxPause;
        lock (_lock)
            if (pause > _pausedUntil)
                _pausedUntil = pause;
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}

using System.Net;

namespace Makini.Flows.Activities.Outbound;

/// <summary>
/// When to try an outbound call again: after a network error, a timeout, 408, 429 or 5xx; waiting what the
/// answer's Retry-After asks (up to <see cref="MaxRetryAfter"/>; longer waits end the retries) or else an
/// exponential backoff of 1, 2, 4... seconds, at most 30.
/// </summary>
public static class RetryTiming
{
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>Longest Retry-After a run waits out; a longer one ends the retries with the answer as it is.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

    public static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
        || (int)status >= 500;

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1 when the answer says nothing.</summary>
    public static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromSeconds(Math.Min(Math.Pow(2, attempt - 1), MaxBackoff.TotalSeconds));

    /// <summary>What the answer's Retry-After asks (seconds or a date), or null when it has none.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
            return date > now ? date - now : TimeSpan.Zero;
        return null;
    }
}

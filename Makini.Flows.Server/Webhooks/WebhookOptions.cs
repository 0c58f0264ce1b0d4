using System.Globalization;

namespace Makini.Flows.Server.Webhooks;

/// <summary>Configuration section <c>Webhooks</c>: how deliveries are timed.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";
    public const string DefaultRetrySchedule = "5s 5m 30m 2h 5h 10h 10h";

    /// <summary>
    /// Waits before the 2nd, 3rd... attempt, separated by spaces, each a number and a unit (<c>s</c>, <c>m</c>,
    /// <c>h</c>, <c>d</c>). A delivery is attempted once more than it has waits.
    /// </summary>
    public string RetrySchedule { get; set; } = DefaultRetrySchedule;

    /// <summary>
    /// How long one attempt may take, connecting, the answer's headers and the part of its body that is read
    /// included: a receiver must answer within this time, or the attempt fails and is retried on the schedule.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Attempts one node sends to one endpoint at once. The endpoint's further due attempts wait in the queue
    /// (any node may take them), so a slow or hanging receiver holds at most this many of a node's attempts and
    /// never delays the deliveries to other endpoints.
    /// </summary>
    public int MaxConcurrentPerEndpoint { get; set; } = 8;

    /// <summary>Attempts one node has under way at once (sending or being recorded), all endpoints together.</summary>
    public int MaxConcurrentAttempts { get; set; } = 256;

    /// <summary>How long the secret before a rotation keeps signing deliveries beside the new one.</summary>
    public TimeSpan RotationOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>An endpoint whose attempts have all failed for this long is disabled.</summary>
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(5);

    /// <summary>The longest Retry-After (of a 429 or 503) that is honoured; longer ones wait this long.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromHours(10);

    /// <summary>Finished deliveries and their attempts are deleted this long after their last change.</summary>
    public TimeSpan KeepDeliveries { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Throws, naming the setting, when one of them cannot be used.</summary>
    public void Check()
    {
        RetryDelays();
        if (Timeout <= TimeSpan.Zero)
            throw new InvalidOperationException($"{Section}:Timeout must be longer than zero");
        if (MaxConcurrentPerEndpoint < 1)
            throw new InvalidOperationException(
                $"{Section}:MaxConcurrentPerEndpoint must be at least 1"
            );
        if (MaxConcurrentAttempts < 1)
            throw new InvalidOperationException(
                $"{Section}:MaxConcurrentAttempts must be at least 1"
            );
    }

    /// <summary>The parsed <see cref="RetrySchedule"/>; throws with the setting's name when it does not parse.</summary>
    public IReadOnlyList<TimeSpan> RetryDelays() => ParseSchedule(RetrySchedule);

    public static IReadOnlyList<TimeSpan> ParseSchedule(string schedule)
    {
        var delays = new List<TimeSpan>();
        foreach (
            var part in schedule.Split(
                [' ', ','],
                StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries
            )
        )
        {
            var unit = part[^1];
            if (
                !double.TryParse(
                    part[..^1],
                    NumberStyles.AllowDecimalPoint,
                    CultureInfo.InvariantCulture,
                    out var amount
                ) || unit is not ('s' or 'm' or 'h' or 'd')
            )
                throw new InvalidOperationException(
                    $"{Section}:RetrySchedule '{schedule}' is not a list of waits such as '{DefaultRetrySchedule}': '{part}' is not a number followed by s, m, h or d"
                );
            delays.Add(
                unit switch
                {
                    's' => TimeSpan.FromSeconds(amount),
                    'm' => TimeSpan.FromMinutes(amount),
                    'h' => TimeSpan.FromHours(amount),
                    _ => TimeSpan.FromDays(amount),
                }
            );
        }
        return delays;
    }
}

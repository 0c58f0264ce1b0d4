using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Makini.Flows.Server.Records;

/// <summary>
/// A token bucket per API key or connection token (its id): <c>Records:RequestsPerMinute</c> requests in a burst,
/// refilled evenly over the minute. Beyond it, 429 with <c>Retry-After</c> (whole seconds until the next request
/// would pass) and the code <c>RATE_LIMIT_EXCEEDED</c>. Counted per server node.
/// </summary>
public static class RecordRateLimits
{
    public const string Policy = "records";

    public static void Add(IServiceCollection services, RecordOptions options)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(
                Policy,
                http =>
                    RateLimitPartition.GetTokenBucketLimiter(
                        http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
                        _ => new TokenBucketRateLimiterOptions
                        {
                            TokenLimit = options.RequestsPerMinute,
                            TokensPerPeriod = 1,
                            ReplenishmentPeriod =
                                TimeSpan.FromMinutes(1) / options.RequestsPerMinute,
                            QueueLimit = 0,
                            AutoReplenishment = true,
                        }
                    )
            );
            limiter.OnRejected = (context, _) => RejectAsync(context, options);
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, RecordOptions options)
    {
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : (int)Math.Ceiling(60.0 / options.RequestsPerMinute);
        var http = context.HttpContext;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Problems.Write(
            http,
            StatusCodes.Status429TooManyRequests,
            "Too many requests",
            $"This key may make {options.RequestsPerMinute} requests a minute to {RecordProblems.Prefix}: retry after {seconds} s."
        );
    }
}

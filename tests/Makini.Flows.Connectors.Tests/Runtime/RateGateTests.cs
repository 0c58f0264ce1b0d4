using System.Net.Http.Headers;
using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Connectors.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace Makini.Flows.Connectors.Tests.Runtime;

public sealed class RateGateTests
{
    [Fact]
    public async Task Requests_beyond_the_manifests_rate_wait_for_the_bucket_to_refill()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T00:00:00Z"));
        var gate = new RateGate(
            new RateLimitSpec { Requests = 2, Interval = "PT1S" },
            clock,
            TimeSpan.FromMinutes(1)
        );

        await gate.WaitAsync(TestContext.Current.CancellationToken);
        await gate.WaitAsync(TestContext.Current.CancellationToken);
        var third = gate.WaitAsync(TestContext.Current.CancellationToken).AsTask();
        await Task.Delay(50, TestContext.Current.CancellationToken);
        third.IsCompleted.ShouldBeFalse();

        clock.Advance(TimeSpan.FromMilliseconds(500));
        await third.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task No_requests_remaining_pauses_every_call_of_the_connection_until_the_reset()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T00:00:00Z"));
        var gate = new RateGate(
            new RateLimitSpec
            {
                RemainingHeader = "X-Rate-Limit-Remaining",
                ResetHeader = "X-Rate-Limit-Reset",
                ResetFormat = "epochSeconds",
            },
            clock,
            TimeSpan.FromMinutes(1)
        );
        using var response = new HttpResponseMessage();
        response.Headers.Add("X-Rate-Limit-Remaining", "0");
        response.Headers.Add(
            "X-Rate-Limit-Reset",
            clock.GetUtcNow().AddSeconds(10).ToUnixTimeSeconds().ToString()
        );

        gate.Observe(response.Headers, null);
        var next = gate.WaitAsync(TestContext.Current.CancellationToken).AsTask();
        clock.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(50, TestContext.Current.CancellationToken);
        next.IsCompleted.ShouldBeFalse();

        clock.Advance(TimeSpan.FromSeconds(1));
        await next.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }
}

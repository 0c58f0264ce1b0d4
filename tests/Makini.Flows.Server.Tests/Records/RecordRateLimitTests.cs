using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Makini.Flows.Server.Tests.Connections;

namespace Makini.Flows.Server.Tests.Records;

/// <summary>Each key and connection token has its own request budget on /api/eam (Records:RequestsPerMinute).</summary>
public sealed class RecordRateLimitTests : IAsyncLifetime
{
    private RecordRig _rig = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _rig = RecordRig.Start(
            TestDatabases.Sqlite(),
            new Dictionary<string, string> { ["Records:RequestsPerMinute"] = "30" }
        );
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Beyond_its_budget_a_token_gets_429_with_Retry_After_and_others_are_not_held_back()
    {
        var gent = await _rig.AddConnectionAsync("Plant Gent");
        var busy = _rig.Client(await _rig.TokenAsync(gent));
        var other = _rig.Client(await _rig.TokenAsync(gent));

        // A burst of the whole budget passes (a few more if tokens refill meanwhile), then the token is refused.
        var served = 0;
        HttpResponseMessage refused;
        while ((refused = await busy.GetAsync("/api/eam/work-orders", Ct)).IsSuccessStatusCode)
            served++;
        var refusedAt = Stopwatch.StartNew();

        served.ShouldBeGreaterThanOrEqualTo(30);
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        var retryAfter = int.Parse(
            refused.Headers.GetValues("Retry-After").Single(),
            System.Globalization.CultureInfo.InvariantCulture
        );
        retryAfter.ShouldBeInRange(1, 2);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync(Ct))!;
        problem["code"]!.GetValue<string>().ShouldBe("RATE_LIMIT_EXCEEDED");
        problem["requestId"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        (await other.GetAsync("/api/eam/work-orders", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _rig.AdminOf(gent).GetAsync("/api/eam/work-orders", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );

        // The budget refills: some time after Retry-After (timers run late on a busy machine), it is served again.
        var wait = TimeSpan.FromSeconds(retryAfter) - refusedAt.Elapsed;
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, Ct);
        (
            await ConnectionCalls.EventuallyAsync(async () =>
                (await busy.GetAsync("/api/eam/work-orders", Ct)).IsSuccessStatusCode
            )
        ).ShouldBeTrue();
    }
}

using Microsoft.Extensions.Time.Testing;

namespace Makini.Flows.Activities.Tests.Support;

/// <summary>Moves a fake clock forward in small steps until something happens, so waits cost no real time.</summary>
public static class FakeClock
{
    public static async Task AdvanceUntilAsync(
        FakeTimeProvider time,
        Func<bool> condition,
        TimeSpan step
    )
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("the awaited condition did not happen");
            time.Advance(step);
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }
}

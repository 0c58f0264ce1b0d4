namespace Makini.Flows.Hostile.Tests.Support;

/// <summary>How a hostile run must end.</summary>
public static class RunAssertions
{
    /// <summary>The run faulted with a message containing one of the expected causes.</summary>
    public static void ShouldFaultWith(this RunResult run, params string[] causes)
    {
        run.Status.ShouldBe("Faulted", run.ToString());
        run.Error.ShouldNotBeNull();
        causes.ShouldContain(
            cause => run.Error.Contains(cause, StringComparison.Ordinal),
            $"unexpected error: {run.Error}"
        );
    }
}

namespace Makini.Flows.Hostile.Tests.Support;

/// <summary>
/// The classes that keep cores busy on purpose (runaway filters and regular expressions, thousands of runs)
/// run one after another, each with its own server, so that together with the other classes they do not
/// starve a 2-core machine into time limits the cases do not expect.
/// </summary>
public static class OneAtATime
{
    public const string Name = "hostile cases that keep cores busy, one class at a time";
}

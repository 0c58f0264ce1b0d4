using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Tests.Support;

namespace Makini.Flows.Engine.Tests.Runtime;

public sealed class SmokeTests
{
    [Theory]
    [InlineData(500, "review", "big")]
    [InlineData(5, "auto", "small")]
    public async Task If_takes_the_branch_its_javascript_condition_selects(
        int amount,
        string decision,
        string branch
    )
    {
        var run = await TestFlows.RunScenarioAsync("if-branches", $$"""{"amount": {{amount}}}""");

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        run.Output!["decision"]!.GetValue<string>().ShouldBe(decision);
        TestFlows.Path(run).ShouldBe(["start", "check", branch, "finish"]);
    }
}

using System.Text.Json.Nodes;
using Makini.Flows.Engine.Expressions.CSharp;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Engine.Tests.CSharp;

/// <summary>
/// Many records in one request to a host, as mappings send them: each gets its own value or error, and a
/// record that exhausts the host ends the batch with a clear answer for every record after it.
/// </summary>
public sealed class ScriptHostBatchTests
{
    private readonly FlowEngine _engine = new(
        options: new FlowEngineOptions
        {
            // A long clock: the batch shares one deadline, and filling the host's heap on a loaded machine
            // must end in the heap's limit, not the clock's.
            CSharpLimits = new CSharpLimits { Hosts = 1, Timeout = TimeSpan.FromSeconds(30) },
        }
    );

    [Fact]
    public void Each_record_of_a_batch_gets_its_own_value_or_error_and_an_exhausted_host_answers_for_the_rest()
    {
        var script = (CSharpExpression)
            _engine.Compiler.Compile(
                InputExpression.FromCSharp(
                    """
                    var n = (int)item!["n"]!;
                    if (n == 0) return string.Concat(Enumerable.Repeat(new string('x', 1000), 10_000_000)).Length;
                    if (n < 0) throw new InvalidOperationException("negative");
                    n * 10
                    """
                )
            );
        CSharpContext[] records = [Record(1), Record(-1), Record(2), Record(0), Record(3)];
        var outcomes = new ScriptOutcome[records.Length];

        _engine.CSharpHosts.Evaluate(script, records, outcomes);
        var next = new ScriptOutcome[1];
        _engine.CSharpHosts.Evaluate(script, new[] { Record(4) }, next);

        outcomes[0].Error.ShouldBeNull();
        outcomes[0].Value!.GetValue<int>().ShouldBe(10);
        outcomes[1].Error.ShouldBe("C# error: InvalidOperationException: negative");
        outcomes[2].Error.ShouldBeNull();
        outcomes[2].Value!.GetValue<int>().ShouldBe(20);
        outcomes[3].Error.ShouldNotBeNull().ShouldContain("memory");
        outcomes[4]
            .Error.ShouldNotBeNull()
            .ShouldContain("an earlier record of this batch exhausted it");
        next[0].Error.ShouldBeNull();
        next[0].Value!.GetValue<int>().ShouldBe(40);
    }

    private static CSharpContext Record(int n) =>
        new(null, null, null, new JsonObject { ["n"] = n }, 0);
}

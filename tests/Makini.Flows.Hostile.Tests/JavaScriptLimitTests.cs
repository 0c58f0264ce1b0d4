using Makini.Flows.Hostile.Tests.Support;

namespace Makini.Flows.Hostile.Tests;

/// <summary>
/// One call of a JavaScript built-in that would run or allocate far past the limits (a catastrophic regular
/// expression, a global scan over a long text, a match over a huge string): the run faults with the limit,
/// the server's memory does not jump, and the next runs are exact.
/// </summary>
[Collection(OneAtATime.Name)]
public sealed class JavaScriptLimitTests(HostileServer server, ITestOutputHelper output)
    : IClassFixture<HostileServer>
{
    public static TheoryData<string, string> SlowScans =>
        new()
        {
            { "catastrophic-test", "/(a+)+b/.test('a'.repeat(30) + 'c')" },
            { "catastrophic-exec", "/(x+x+)+y/.exec('x'.repeat(40))" },
            { "scan-replace", "'ab'.repeat(200000).replace(/(a|b)*?c/g, 'x').length" },
            { "scan-replace-all", "'ab'.repeat(200000).replaceAll(/(a|b)*?c/g, 'x').length" },
            { "scan-match", "'ab'.repeat(200000).match(/(a|b)*?c/g)" },
            { "scan-split", "'ab'.repeat(200000).split(/(a|b)*?c/).length" },
            { "scan-match-all", "[...'ab'.repeat(200000).matchAll(/(a|b)*?c/g)].length" },
        };

    [Theory]
    [MemberData(nameof(SlowScans))]
    public Task A_slow_regular_expression_faults_with_the_time_limit(
        string flowId,
        string script
    ) =>
        server.ShouldFaultWithoutSwellingAsync(
            output,
            (flowId, script, "js"),
            Causes.RegexTime,
            Causes.TimeLimit
        );

    public static TheoryData<string, string> HugeTexts =>
        new()
        {
            { "match-4m", "'x'.repeat(4e6).match(/x/g)" },
            { "match-all-4m", "[...'x'.repeat(4e6).matchAll(/x/g)].length" },
            { "split-4m", "'x'.repeat(4e6).split(/(?:)/).length" },
            { "replace-4m", "'x'.repeat(4e6).replace(/x/g, 'yy').length" },
            { "match-1m-matches", "'x'.repeat(1e6).match(/x/g).length" },
        };

    [Theory]
    [MemberData(nameof(HugeTexts))]
    public Task A_scan_over_a_huge_text_faults_with_a_limit(string flowId, string script) =>
        server.ShouldFaultWithoutSwellingAsync(
            output,
            (flowId, script, "js"),
            Causes.RegexInput,
            Causes.MemoryBudget,
            Causes.Statements,
            Causes.TimeLimit
        );
}

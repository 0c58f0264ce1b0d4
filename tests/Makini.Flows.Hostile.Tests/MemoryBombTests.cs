using Makini.Flows.Hostile.Tests.Support;
using static Makini.Flows.Hostile.Tests.Support.ServerMemory;

namespace Makini.Flows.Hostile.Tests;

/// <summary>
/// Scripts that allocate through framework calls the script's own checks never see: the run faults with a
/// memory error, and the server's own memory does not grow with them.
/// </summary>
public sealed class MemoryBombTests(HostileServer server, ITestOutputHelper output)
    : IClassFixture<HostileServer>
{
    public static TheoryData<string, string> UnguardedAllocations =>
        new()
        {
            {
                "concat-gigabytes",
                "string.Concat(Enumerable.Repeat(new string('x', 1000), 10_000_000)).Length"
            },
            {
                "join-gigabytes",
                "string.Join(\",\", Enumerable.Repeat(new string('x', 1000), 10_000_000)).Length"
            },
            {
                "arrays-in-a-select",
                "Enumerable.Repeat(0, 10_000_000).Select(i => new int[1000]).ToList().Count"
            },
        };

    [Theory]
    [MemberData(nameof(UnguardedAllocations))]
    public Task An_allocation_the_script_cannot_see_faults_with_a_memory_error(
        string flowId,
        string script
    ) =>
        server.ShouldFaultWithoutSwellingAsync(
            output,
            (flowId, script, "cs"),
            Causes.OutOfMemory,
            Causes.MemoryBudget,
            Causes.HostMemory,
            Causes.SizeLimit,
            // Gigabytes take time: on a loaded machine the clock may stop them first.
            Causes.TimeLimit
        );

    [Theory]
    [InlineData("ten-million-numbers", "Enumerable.Range(0, 10_000_000).ToArray()")]
    [InlineData(
        "hundred-levels",
        "JsonNode n = 1;\nfor (var i = 0; i < 100; i++) n = new JsonArray(n);\nn"
    )]
    public Task A_result_too_big_for_the_server_faults_its_run(string flowId, string script) =>
        server.ShouldFaultWithoutSwellingAsync(
            output,
            (flowId, script, "cs"),
            Causes.ResultValues,
            Causes.ResultBytes,
            Causes.ResultDepth,
            Causes.TimeLimit
        );

    [Fact]
    public async Task The_server_never_loads_the_compiler()
    {
        await server.BenignRunShouldCompleteAsync();

        ProcFs
            .MappedFiles(server.ProcessId)
            .ShouldNotContain(line => line.Contains("Microsoft.CodeAnalysis"));
    }

    [Fact]
    public async Task Server_memory_stays_flat_over_two_hundred_hostile_runs()
    {
        output.WriteLine(
            $"server RSS after start (no C# run yet): {server.StartupResidentBytes / Megabyte} MB"
        );
        await server.BenignRunShouldCompleteAsync();
        var afterBenign = ProcFs.ResidentBytes(server.ProcessId);
        output.WriteLine($"server RSS after a benign C# run: {afterBenign / Megabyte} MB");
        foreach (var (flowId, script) in HostileMix.Scripts)
            await server.Client.PublishScriptAsync(flowId, script);

        await HostileMix.RunAsync(server.Client, runs: 200, concurrency: 4);

        var afterHostile = ProcFs.ResidentBytes(server.ProcessId);
        output.WriteLine($"server RSS after 200 hostile runs: {afterHostile / Megabyte} MB");
        afterHostile.ShouldBeLessThan(afterBenign + 150 * Megabyte);
        await server.ShouldStillServeAsync();
    }
}

using System.Text.Json.Nodes;
using Makini.Flows.Activities;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Serialization;
using Makini.Flows.Engine.Tests.Support;

namespace Makini.Flows.Engine.Tests.Format;

/// <summary>Every sample in flows-samples/ validates clean, round-trips byte for byte, and produces its documented output.</summary>
public sealed class SamplesTests
{
    private static readonly string SamplesFolder = Path.Combine(
        TestFlows.RepositoryRoot(),
        "flows-samples"
    );

    public static TheoryData<string> Samples()
    {
        var names = Directory
            .EnumerateFiles(SamplesFolder, "*.flow.json")
            .Select(f => Path.GetFileName(f)[..^".flow.json".Length])
            .Order(StringComparer.Ordinal);
        return new TheoryData<string>(names);
    }

    [Fact]
    public void There_are_at_least_five_samples() =>
        Samples().Count.ShouldBeGreaterThanOrEqualTo(5);

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_validates_without_any_problem(string name)
    {
        var result = new FlowEngine(MakiniActivities.CreateRegistry()).Validator.Validate(
            File.ReadAllText(FlowFile(name)),
            out _
        );

        result.Problems.ShouldBeEmpty(string.Join("\n", result.Problems));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Export_of_import_is_byte_identical(string name)
    {
        var original = File.ReadAllBytes(FlowFile(name));

        var exported = FlowJson.SerializeToUtf8(
            FlowJson.Deserialize(File.ReadAllText(FlowFile(name)))
        );

        exported.ShouldBe(original);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Sample_produces_its_documented_output(string name)
    {
        var engine = new FlowEngine(
            MakiniActivities.CreateRegistry(),
            options: new FlowEngineOptions { Flows = new DirectoryFlowProvider(SamplesFolder) }
        );
        var plan = engine.Prepare(FlowJson.Deserialize(File.ReadAllText(FlowFile(name))));
        var input = JsonNode.Parse(
            File.ReadAllText(Path.Combine(SamplesFolder, name + ".input.json"))
        );
        var expected = JsonNode.Parse(
            File.ReadAllText(Path.Combine(SamplesFolder, name + ".output.json"))
        );

        var run = await LocalRunner.RunToEndAsync(
            engine,
            plan,
            input,
            TestContext.Current.CancellationToken
        );

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        JsonNode
            .DeepEquals(run.Output, expected)
            .ShouldBeTrue($"output was {run.Output?.ToJsonString()}");
    }

    private static string FlowFile(string name) => Path.Combine(SamplesFolder, name + ".flow.json");
}

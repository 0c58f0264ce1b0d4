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
        var run = await RunSampleAsync(name, new SampleHost());
        var expected = JsonNode.Parse(
            File.ReadAllText(Path.Combine(SamplesFolder, name + ".output.json"))
        );

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        JsonNode
            .DeepEquals(run.Output, expected)
            .ShouldBeTrue($"output was {run.Output?.ToJsonString()}");
    }

    [Fact]
    public async Task The_alert_sample_sends_signed_webhooks_only_for_work_orders_that_need_attention()
    {
        var host = new SampleHost();

        var run = await RunSampleAsync("critical-work-order-alert", host);

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        var deliveries = host.Receiver.Deliveries;
        deliveries
            .Select(d => JsonNode.Parse(d.Body)!["data"]!["key"]!.GetValue<string>())
            .ShouldBe(["WO-101", "WO-103"]);
        foreach (var delivery in deliveries)
        {
            delivery.Url.ShouldBe(new Uri("https://hooks.example.com/makini/alerts"));
            var envelope = JsonNode.Parse(delivery.Body)!;
            envelope["type"]!.GetValue<string>().ShouldBe("workOrder.attentionRequired");
            envelope["connectionId"]!.GetValue<string>().ShouldBe("conn-maintainx-1");
            Makini
                .Flows.Activities.Webhooks.StandardWebhooks.Verify(
                    SampleHost.AlertsSecret,
                    delivery.Headers["webhook-id"],
                    delivery.Headers["webhook-timestamp"],
                    delivery.Headers["webhook-signature"],
                    delivery.Body,
                    DateTimeOffset.UtcNow
                )
                .ShouldBeNull();
        }
    }

    private static async Task<RunState> RunSampleAsync(string name, SampleHost host)
    {
        var engine = new FlowEngine(
            MakiniActivities.CreateRegistry(),
            options: new FlowEngineOptions
            {
                Flows = new DirectoryFlowProvider(SamplesFolder),
                Services = host,
            }
        );
        var plan = engine.Prepare(FlowJson.Deserialize(File.ReadAllText(FlowFile(name))));
        var input = JsonNode.Parse(
            File.ReadAllText(Path.Combine(SamplesFolder, name + ".input.json"))
        );
        return await LocalRunner.RunToEndAsync(
            engine,
            plan,
            input,
            TestContext.Current.CancellationToken
        );
    }

    private static string FlowFile(string name) => Path.Combine(SamplesFolder, name + ".flow.json");
}

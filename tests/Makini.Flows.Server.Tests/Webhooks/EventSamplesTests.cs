using Makini.Flows.Server.Bus;
using Makini.Flows.Server.Webhooks;

namespace Makini.Flows.Server.Tests.Webhooks;

/// <summary>The sample of every event type (what a test send carries) fits that type's schema in the catalogue.</summary>
public sealed class EventSamplesTests
{
    public static TheoryData<string> Types() => [.. EventCatalog.All.Select(t => t.Type)];

    [Theory]
    [MemberData(nameof(Types))]
    public void The_sample_of_each_type_fits_its_schema(string type)
    {
        var sample = EventSamples.For(
            type,
            "con_sample",
            DateTime.UtcNow,
            "/connections/con_sample"
        );
        EventCatalog.Check(type, sample).ShouldBeEmpty(sample.ToJsonString());
    }

    [Fact]
    public void Every_type_a_connection_can_choose_has_a_schema()
    {
        ConnectionWebhooksApi.ConnectionEventTypes.ShouldAllBe(t => EventCatalog.Find(t) != null);
        EventCatalog
            .Check(
                "system.error",
                new System.Text.Json.Nodes.JsonObject { ["message"] = "no code" }
            )
            .ShouldNotBeEmpty();
    }
}

using Makini.Flows.Hostile.Tests.Support;

namespace Makini.Flows.Hostile.Tests;

/// <summary>
/// An EventTrigger's filter is evaluated when an event is dispatched, outside any run: a filter that never
/// ends must not take the dispatch or the node down, and other flows listening for the event still start.
/// </summary>
[Collection(OneAtATime.Name)]
public sealed class EventFilterTests(HostileServer server, ITestOutputHelper output)
    : IClassFixture<HostileServer>
{
    private const string Listener = "listens-benignly";

    [Fact]
    public async Task Filters_that_never_end_start_no_run_and_leave_the_dispatch_and_the_server_working()
    {
        await server.Client.PublishAsync(
            EventFlows.Filtering("filter-loops-in-cs", "while (true) { }\ntrue", "cs")
        );
        await server.Client.PublishAsync(
            EventFlows.Filtering("filter-loops-in-js", "while (true) {}\ntrue", "js")
        );
        await server.Client.PublishAsync(
            EventFlows.Filtering(Listener, "input.data.message.startsWith('hostile')", "js")
        );

        var events = new List<string>();
        for (var i = 0; i < 3; i++)
            events.Add(await server.Client.PublishEventAsync($"hostile {i}"));

        foreach (var eventId in events)
        {
            var outcome = await server.Client.DispatchOutcomeAsync(eventId);
            var started = await server.Client.FlowsStartedByAsync(eventId);
            output.WriteLine(
                $"event {eventId}: dispatch {outcome}, runs of {string.Join(", ", started)}"
            );
            outcome.ShouldBe("Done");
            started.ShouldBe([Listener]);
        }
        await server.ShouldStillServeJavaScriptAsync();
    }
}

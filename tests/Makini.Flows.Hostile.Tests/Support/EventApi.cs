using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Makini.Flows.Hostile.Tests.Support;

/// <summary>Platform events as an admin sees them: publish one, read it with its runs, its dispatch in the queue.</summary>
public static class EventApi
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Publishes a <c>system.error</c> event; returns its id.</summary>
    public static async Task<string> PublishEventAsync(this HttpClient client, string message)
    {
        using var response = await client.PostAsJsonAsync(
            "/api/events",
            new JsonObject
            {
                ["type"] = EventFlows.EventType,
                ["data"] = new JsonObject { ["code"] = "hostile_test", ["message"] = message },
            },
            Cancel
        );
        var body = await response.Content.ReadAsStringAsync(Cancel);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, body);
        return (string)JsonNode.Parse(body)!["id"]!;
    }

    /// <summary>
    /// Waits until the event's dispatch item in the queue is no longer queued or leased; returns its status
    /// (<c>Done</c>, or <c>Dead</c> after its attempts failed).
    /// </summary>
    public static async Task<string> DispatchOutcomeAsync(this HttpClient client, string eventId)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(90))
        {
            var items = await client.GetFromJsonAsync<JsonArray>(
                "/api/queue/items?limit=1000",
                Cancel
            );
            var status = (string?)
                items!
                    .FirstOrDefault(item => (string?)item!["dedupKey"] == "dispatch:" + eventId)
                    ?["status"];
            if (status is "Done" or "Dead")
                return status;
            await Task.Delay(200, Cancel);
        }
        throw new TimeoutException($"the dispatch of event {eventId} did not finish in 90 s");
    }

    /// <summary>The ids of the flows whose runs the event started.</summary>
    public static async Task<List<string>> FlowsStartedByAsync(
        this HttpClient client,
        string eventId
    )
    {
        var details = await client.GetFromJsonAsync<JsonObject>($"/api/events/{eventId}", Cancel);
        ((string)details!["id"]!).ShouldBe(eventId);
        return details["runs"]!.AsArray().Select(run => (string)run!["flowId"]!).ToList();
    }
}

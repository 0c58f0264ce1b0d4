using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Activities.Tests.Support;

namespace Makini.Flows.Server.Tests.Walkthrough;

/// <summary>The walkthrough's steps, as a new user takes them with curl against the demo connection.</summary>
internal static class WalkthroughCalls
{
    private const string Demo = "con_demo";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<JsonObject> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static async Task<JsonNode> SendAsync(
        HttpClient client,
        HttpMethod method,
        string path,
        HttpStatusCode expected,
        HttpContent? content = null
    )
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(expected, $"{method} {path}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> attempt, string what)
        where T : class
    {
        var waiting = Stopwatch.StartNew();
        while (waiting.Elapsed < Patience)
        {
            if (await attempt() is { } done)
                return done;
            await Task.Delay(250, Ct);
        }
        throw new TimeoutException($"{what} did not happen within {Patience.TotalSeconds:0} s");
    }

    /// <summary>Waits for the demo connection's first sync (started at first start); returns it.</summary>
    public static Task<JsonObject> FirstSyncAsync(HttpClient admin) =>
        SyncedAsync(admin, after: null);

    /// <summary>Waits until the newest sync of the demo connection is a completed one other than <paramref name="after"/>.</summary>
    public static Task<JsonObject> SyncedAsync(HttpClient admin, JsonObject? after) =>
        EventuallyAsync(
            async () =>
            {
                var history = (
                    await SendAsync(
                        admin,
                        HttpMethod.Get,
                        $"/api/connections/{Demo}/syncs",
                        HttpStatusCode.OK
                    )
                ).AsArray();
                return
                    history.FirstOrDefault() is JsonObject newest
                    && newest["status"]!.GetValue<string>() == "completed"
                    && newest["id"]!.GetValue<string>() != after?["id"]?.GetValue<string>()
                    ? newest
                    : null;
            },
            "a completed sync of the demo connection"
        );

    public static async Task RequestSyncAsync(HttpClient admin) =>
        await SendAsync(
            admin,
            HttpMethod.Post,
            $"/api/connections/{Demo}/sync",
            HttpStatusCode.Accepted
        );

    /// <summary>A token that reads the demo connection only; shown once.</summary>
    public static async Task<string> TokenAsync(HttpClient admin, string name) =>
        (
            await SendAsync(
                admin,
                HttpMethod.Post,
                $"/api/connections/{Demo}/tokens",
                HttpStatusCode.Created,
                JsonContent.Create(new { name })
            )
        )["token"]!.GetValue<string>();

    /// <summary>A webhook endpoint for the demo connection's events of a type; returns its secret.</summary>
    public static async Task<string> SubscribeAsync(
        HttpClient admin,
        string url,
        string eventType
    ) =>
        (
            await SendAsync(
                admin,
                HttpMethod.Post,
                "/api/webhooks",
                HttpStatusCode.Created,
                JsonContent.Create(
                    new
                    {
                        url,
                        eventTypes = new[] { eventType },
                        connectionId = Demo,
                    }
                )
            )
        )["secret"]!.GetValue<string>();

    /// <summary>What the sample flow's description asks: point its webhook at your receiver, and publish.</summary>
    public static async Task PointFlowAtAsync(HttpClient admin, string flowId, string url)
    {
        var flow = await GetJsonAsync(admin, $"/api/flows/{flowId}/export");
        var send = flow["activities"]!
            .AsArray()
            .Single(a => a!["type"]!.GetValue<string>() == "SendWebhook")!;
        send["inputs"]!["url"] = new JsonObject { ["literal"] = url };
        await SendAsync(
            admin,
            HttpMethod.Put,
            $"/api/flows/{flowId}",
            HttpStatusCode.OK,
            new StringContent(flow.ToJsonString(), Encoding.UTF8, "application/json")
        );
        await SendAsync(admin, HttpMethod.Post, $"/api/flows/{flowId}/publish", HttpStatusCode.OK);
    }

    /// <summary>Signed in to the Demo CMMS's own API, served by the server under <c>/demo-cmms</c>.</summary>
    public static async Task<HttpClient> DemoCmmsAsync(HttpClient admin)
    {
        var demo = new HttpClient
        {
            BaseAddress = new Uri(admin.BaseAddress!, "/demo-cmms/api/v1/"),
        };
        var login = await SendAsync(
            demo,
            HttpMethod.Post,
            "auth/login",
            HttpStatusCode.OK,
            JsonContent.Create(new { username = "demo@makini.io", password = "makini-demo" })
        );
        demo.DefaultRequestHeaders.Authorization = new(
            "Bearer",
            login["token"]!.GetValue<string>()
        );
        return demo;
    }

    public static Task ChangeWorkOrderAsync(HttpClient demo, string id, object change) =>
        SendAsync(
            demo,
            HttpMethod.Patch,
            $"work-orders/{id}",
            HttpStatusCode.OK,
            JsonContent.Create(change)
        );

    public static string KeyOf(ReceivedRequest request) =>
        JsonNode.Parse(request.Body)!["data"]!["key"]!.GetValue<string>();

    public static JsonObject RecordOf(ReceivedRequest request) =>
        JsonNode.Parse(request.Body)!["data"]!["record"]!.AsObject();

    /// <summary>Waits until the receiver has had a request at <paramref name="path"/> about each key; returns them all.</summary>
    public static Task<List<ReceivedRequest>> ReceivedAsync(
        LoopbackSink receiver,
        string path,
        IReadOnlyCollection<string> keys
    ) =>
        EventuallyAsync(
            () =>
            {
                var received = receiver.Requests.Where(r => r.PathAndQuery == path).ToList();
                var seen = received.Select(KeyOf).ToHashSet();
                return Task.FromResult(keys.All(seen.Contains) ? received : null);
            },
            $"deliveries to {path} about {string.Join(", ", keys)}"
        );

    /// <summary>
    /// Waits until the flow has finished a run for each key (the event's <c>data.key</c>) and no work is left due, so a
    /// run or webhook that should not happen would have happened by then; returns the runs by key.
    /// </summary>
    public static async Task<Dictionary<string, JsonObject>> RunsAsync(
        HttpClient admin,
        string flowId,
        IReadOnlyCollection<string> forKeys
    )
    {
        var runs = await EventuallyAsync(
            async () =>
            {
                var finished = (await FinishedRunsAsync(admin, flowId))
                    .Where(r => forKeys.Contains(RunKey(r)))
                    .ToDictionary(RunKey);
                return finished.Count == forKeys.Count ? finished : null;
            },
            $"finished runs of {flowId} for {string.Join(", ", forKeys)}"
        );
        await EventuallyAsync(
            async () =>
            {
                var queue = await GetJsonAsync(admin, "/api/queue");
                return queue["oldestDueSeconds"] is null && queue["leased"]!.GetValue<int>() == 0
                    ? queue
                    : null;
            },
            "an idle queue"
        );
        return runs;
    }

    /// <summary>The keys of every run the flow has had.</summary>
    public static async Task<List<string>> RunKeysAsync(HttpClient admin, string flowId) =>
        [.. (await FinishedRunsAsync(admin, flowId, finishedOnly: false)).Select(RunKey)];

    private static string RunKey(JsonObject run) =>
        run["input"]!["data"]!["key"]!.GetValue<string>();

    private static async Task<List<JsonObject>> FinishedRunsAsync(
        HttpClient admin,
        string flowId,
        bool finishedOnly = true
    )
    {
        var list = (
            await SendAsync(
                admin,
                HttpMethod.Get,
                $"/api/runs?flowId={flowId}&limit=1000",
                HttpStatusCode.OK
            )
        ).AsArray();
        var runs = new List<JsonObject>();
        foreach (var summary in list)
            if (!finishedOnly || summary!["finishedAt"] is not null)
                runs.Add(
                    await GetJsonAsync(admin, $"/api/runs/{summary!["id"]!.GetValue<string>()}")
                );
        return runs;
    }
}

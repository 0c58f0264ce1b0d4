using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Hostile.Tests.Support;

namespace Makini.Flows.Hostile.Tests.Fuzz;

/// <summary>
/// The fuzz test: mutated flow documents, broken multipart uploads, hook requests written byte for byte, and
/// every API operation with wrong ids, filters and bodies. Each family runs for its budget (12 s in CI; set
/// <c>MAKINI_FUZZ_SECONDS</c> for a longer hunt, <c>MAKINI_FUZZ_SEED</c> to replay one) and asserts that no answer
/// is a 5xx, that every refusal is a problem that says where, that a refused request stored nothing, and that
/// the server still serves afterwards.
/// </summary>
[Collection(OneAtATime.Name)]
public sealed class FuzzTests(HostileServer server, ITestOutputHelper output)
    : IClassFixture<HostileServer>
{
    /// <summary>The last hook request sent, byte for byte, to replay a failure by hand.</summary>
    private static readonly string LastRequestFile = Path.Combine(
        Path.GetTempPath(),
        "makini-fuzz-last-hook-request.bin"
    );
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private HttpClient Client => server.Client;

    [Fact]
    public async Task Mutated_flow_documents_never_get_a_5xx_and_a_refusal_stores_nothing()
    {
        var budget = new FuzzBudget("flow documents");
        var samples = FuzzedRequests.Samples();
        await SendAllAsync(budget, () => FuzzedRequests.FlowDocument(samples, budget));
    }

    [Fact]
    public async Task Broken_multipart_uploads_never_get_a_5xx_and_store_nothing()
    {
        var budget = new FuzzBudget("multipart uploads");
        var samples = FuzzedRequests.Samples();
        await SendAllAsync(budget, () => FuzzedRequests.Multipart(samples, budget));
    }

    [Fact]
    public async Task Every_api_operation_with_wrong_ids_filters_and_bodies_never_gets_a_5xx()
    {
        var budget = new FuzzBudget("api operations");
        var document = JsonNode.Parse(await Client.GetStringAsync("/api/openapi.json", Cancel))!;
        var operations = FuzzedApiCalls.Of(document);
        operations.Count.ShouldBeGreaterThan(30);
        await SendAllAsync(budget, () => FuzzedApiCalls.Next(operations, budget));
    }

    [Fact]
    public async Task Hook_requests_written_byte_for_byte_never_get_a_5xx_and_a_refusal_starts_no_run()
    {
        var budget = new FuzzBudget("hook requests");
        await EchoFlow.PublishAsync(Client);
        var port = Client.BaseAddress!.Port;
        var latestRun = await EchoFlow.LatestRunAsync(Client);
        while (budget.Next())
        {
            var request = FuzzedRequests.TriggerRequest(EchoFlow.Route, budget);
            await File.WriteAllBytesAsync(LastRequestFile, request, Cancel);
            var answer = await RawHttp.SendAsync(port, request);
            var shown = Encoding.UTF8.GetString(request);
            // Kestrel refuses what is not HTTP (a bad request line, a header too large) itself, with an empty
            // 4xx: the application never sees it.
            var refusedByKestrel =
                answer is { Status: >= 400 and < 500, MediaType: null, Body: "" };
            if (answer.Status != 0 && !refusedByKestrel)
                Refusal.ShouldBeSound(answer.Status, answer.MediaType, answer.Body, budget, shown);
            var now = await EchoFlow.LatestRunAsync(Client);
            if (answer.Status is 0 or >= 400)
                now.ShouldBe(
                    latestRun,
                    $"{budget.Where}: a refused request started a run: {Refusal.Shorten(shown)}"
                );
            latestRun = now;
        }
        output.WriteLine($"{budget.Where}: done");
        await server.ShouldStillServeAsync();
    }

    private async Task SendAllAsync(FuzzBudget budget, Func<HttpRequestMessage> next)
    {
        var stored = await StoredState.ReadAsync(Client);
        var statuses = new SortedDictionary<int, int>();
        while (budget.Next())
        {
            using var request = next();
            var shown = $"{request.Method} {request.RequestUri} {await BodyOfAsync(request)}";
            using var response = await Client.SendAsync(
                request,
                HttpCompletionOption.ResponseHeadersRead,
                Cancel
            );
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var body =
                mediaType == "text/event-stream"
                    ? ""
                    : await response.Content.ReadAsStringAsync(Cancel);
            if (!RefusedByKestrel(status, mediaType, body))
                Refusal.ShouldBeSound(status, mediaType, body, budget, shown);
            var now = await StoredState.ReadAsync(Client);
            if (status >= 400)
                now.ShouldBe(
                    stored,
                    $"{budget.Where}: a refused request changed what is stored: {Refusal.Shorten(shown)}"
                );
            stored = now;
        }
        output.WriteLine(
            $"{budget.Where}: answers {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}"
        );
        await server.ShouldStillServeAsync();
    }

    /// <summary>
    /// Kestrel refuses what is not HTTP (a bad request line, a NUL in the path, a header too large) itself, with
    /// an empty 4xx: the application never sees it. Every 4xx of the application has a problem body.
    /// </summary>
    private static bool RefusedByKestrel(int status, string? mediaType, string body) =>
        status is >= 400 and < 500 && mediaType is null && body.Length == 0;

    private static async Task<string> BodyOfAsync(HttpRequestMessage request) =>
        request.Content is null
            ? ""
            : Encoding.UTF8.GetString(await request.Content.ReadAsByteArrayAsync(Cancel));
}

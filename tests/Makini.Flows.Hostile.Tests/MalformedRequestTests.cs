using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Hostile.Tests.Fuzz;
using Makini.Flows.Hostile.Tests.Support;

namespace Makini.Flows.Hostile.Tests;

/// <summary>
/// The malformed requests the fuzz test is built around, one by one, against the real server: hook requests whose
/// bodies break HTTP or JSON, and multipart uploads that break the format. Each is a 4xx problem that says
/// where, starts no run and stores nothing; and what the client got wrong is logged without a stack trace.
/// </summary>
public sealed class MalformedRequestTests(HostileServer server, ITestOutputHelper output)
    : IClassFixture<HostileServer>,
        IAsyncLifetime
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private int Port => server.Client.BaseAddress!.Port;

    private static byte[] Head(string framing) =>
        RawHttp.Ascii(
            $"POST /hooks/{EchoFlow.Route} HTTP/1.1\r\nHost: test\r\nConnection: close\r\nContent-Type: application/json\r\n{framing}\r\n"
        );

    public async ValueTask InitializeAsync() => await EchoFlow.PublishAsync(server.Client);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_bad_chunk_size_is_a_400()
    {
        await ShouldBeRefusedAsync(
            400,
            Head("Transfer-Encoding: chunked\r\n"),
            "ZZ\r\n{}\r\n0\r\n\r\n"u8.ToArray()
        );
    }

    [Fact]
    public async Task A_body_that_stalls_is_a_408()
    {
        // Kestrel's minimum data rate (240 bytes/s after a 5 s grace) ends the wait.
        await ShouldBeRefusedAsync(
            408,
            Head("Content-Length: 100\r\n"),
            "{\"title\":"u8.ToArray(),
            TimeSpan.FromSeconds(30)
        );
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_a_413()
    {
        var body = Encoding.ASCII.GetBytes("{\"a\":\"" + new string('x', 11 * 1024 * 1024) + "\"}");
        await ShouldBeRefusedAsync(
            413,
            Head("Transfer-Encoding: chunked\r\n"),
            RawHttp.Chunked(body, 64 * 1024)
        );
    }

    public static TheoryData<string, byte[], string> UnreadableBodies =>
        new()
        {
            {
                "bytes that are not UTF-8",
                [.. "{\"title\":\"a"u8, 0xFF, 0xFE, .. "\"}"u8],
                "/body/title"
            },
            { "a lone surrogate", "{\"list\":[\"ok\",\"\\ud800\"]}"u8.ToArray(), "/body/list/1" },
            { "a lone surrogate in a name", "{\"a\":{\"\\udc00\":1}}"u8.ToArray(), "/body/a" },
            { "a repeated property", "{\"id\":1,\"id\":2}"u8.ToArray(), "/body" },
            { "text that is not JSON", "{\"id\":1,"u8.ToArray(), "/body" },
            {
                "nesting deeper than a run can store",
                Encoding.ASCII.GetBytes(new string('[', 60) + new string(']', 60)),
                "/body"
            },
        };

    [Theory]
    [MemberData(nameof(UnreadableBodies))]
    public async Task A_json_body_that_cannot_be_stored_is_a_400_at_its_place(
        string what,
        byte[] body,
        string pointer
    )
    {
        var problem = await ShouldBeRefusedAsync(
            400,
            Head($"Content-Length: {body.Length}\r\n"),
            body
        );
        output.WriteLine($"{what}: {problem}");
        ((string?)problem["pointer"]).ShouldBe(pointer);
    }

    public static TheoryData<string, string, string, string> BrokenUploads =>
        new()
        {
            {
                "no boundary",
                "multipart/form-data",
                Part("b", Flow("upload-a")),
                "/headers/content-type"
            },
            {
                "a truncated part",
                "multipart/form-data; boundary=b",
                Part("b", Flow("upload-b"))[..60],
                "/files"
            },
            {
                "a part header over the limit",
                "multipart/form-data; boundary=b",
                Part("b", Flow("upload-c"), "X-Long: " + new string('h', 20_000) + "\r\n"),
                "/files"
            },
            {
                "no file",
                "multipart/form-data; boundary=b",
                "--b\r\nContent-Disposition: form-data; name=\"field\"\r\n\r\nvalue\r\n--b--\r\n",
                "/files"
            },
        };

    [Theory]
    [MemberData(nameof(BrokenUploads))]
    public async Task A_broken_upload_is_a_400_and_imports_nothing(
        string what,
        string contentType,
        string body,
        string pointer
    )
    {
        var before = await StoredState.ReadAsync(server.Client);
        using var response = await server.Client.SendAsync(Upload(contentType, body), Cancel);

        output.WriteLine($"{what}: {await response.ShouldBeAProblemAtAsync(pointer)}");
        (await StoredState.ReadAsync(server.Client)).ShouldBe(before);
    }

    [Fact]
    public async Task A_filename_with_an_escaped_quote_imports_its_flow()
    {
        using var response = await server.Client.SendAsync(
            Upload(
                "multipart/form-data; boundary=b",
                Part("b", Flow("upload-quoted"), disposition: "filename=\"a\\\"b.flow.json\"")
            ),
            Cancel
        );

        var body = await response.Content.ReadAsStringAsync(Cancel);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        JsonNode.Parse(body)!["imported"]!
            .AsArray()
            .Select(i => (string?)i)
            .ShouldBe(["upload-quoted"]);
    }

    [Fact]
    public async Task A_repeated_idempotency_key_and_a_client_that_goes_away_are_logged_without_stack_traces()
    {
        var from = server.Output.Count;
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/hooks/{EchoFlow.Route}")
            {
                Content = new StringContent("{\"a\":1}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", "once");
            using var response = await server.Client.SendAsync(request, Cancel);
            response.StatusCode.ShouldBe(HttpStatusCode.Created);
        }
        using (var socket = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync("127.0.0.1", Port, Cancel);
            await socket.SendAsync(Head("Content-Length: 1000\r\n"), Cancel);
            await socket.SendAsync("{\"a\":"u8.ToArray(), Cancel);
        }
        await server.ShouldStillServeAsync();

        var logged = server.Output.Skip(from).ToList();
        output.WriteLine(string.Join('\n', logged));
        logged.ShouldNotContain(line => line.StartsWith("fail:") || line.Contains("   at "));
    }

    private async Task<JsonNode> ShouldBeRefusedAsync(int status, params object[] parts)
    {
        var latest = await EchoFlow.LatestRunAsync(server.Client);
        var answer = await RawHttp.SendAsync(Port, parts);
        output.WriteLine($"{answer.Head}\n\n{answer.Body}");
        answer.Status.ShouldBe(status, answer.Body);
        answer.MediaType.ShouldBe("application/problem+json");
        (await EchoFlow.LatestRunAsync(server.Client)).ShouldBe(
            latest,
            "a refused request started a run"
        );
        return JsonNode.Parse(answer.Body)!;
    }

    private static string Flow(string id)
    {
        var flow = JsonNode.Parse(
            FuzzedRequests.Samples().First(s => s.Id == "work-order-triage").Json
        )!;
        flow["id"] = id;
        return flow.ToJsonString();
    }

    private static string Part(
        string boundary,
        string content,
        string extraHeader = "",
        string disposition = "filename=\"a.flow.json\""
    ) =>
        $"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; {disposition}\r\n{extraHeader}Content-Type: application/json\r\n\r\n{content}\r\n--{boundary}--\r\n";

    private static HttpRequestMessage Upload(string contentType, string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return new HttpRequestMessage(HttpMethod.Post, "/api/flows/import") { Content = content };
    }
}

using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Activities.Outbound;
using Makini.Flows.Activities.Tests.Support;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace Makini.Flows.Activities.Tests.Http;

public sealed class HttpRequestTests
{
    [Fact]
    public async Task The_answer_is_output_with_a_json_body_parsed()
    {
        await using var sink = await LoopbackSink.StartAsync(
            (_, _) =>
                new SinkAnswer(
                    200,
                    """{"items":[{"id":7}]}""",
                    Headers: new Dictionary<string, string> { ["X-Total"] = "1" }
                )
        );

        var run = await RunAsync(
            new() { ["url"] = ActivityFlows.Literal(sink.Url("/orders?page=2")) }
        );

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        var outputs = ActivityFlows.Outputs(run);
        outputs["status"]!.GetValue<int>().ShouldBe(200);
        outputs["responseHeaders"]!["x-total"]!.GetValue<string>().ShouldBe("1");
        outputs["responseBody"]!["items"]![0]!["id"]!.GetValue<int>().ShouldBe(7);
        outputs["attempts"]!.GetValue<int>().ShouldBe(1);
        outputs["error"].ShouldBeNull();
        var request = sink.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe("GET");
        request.PathAndQuery.ShouldBe("/orders?page=2");
    }

    [Fact]
    public async Task A_json_body_and_headers_are_sent_and_a_text_answer_stays_text()
    {
        await using var sink = await LoopbackSink.StartAsync(
            (_, _) => new SinkAnswer(201, "created", "text/plain")
        );

        var run = await RunAsync(
            new()
            {
                ["method"] = ActivityFlows.Literal("POST"),
                ["url"] = ActivityFlows.Literal(sink.Url("/orders")),
                ["headers"] = ActivityFlows.Literal(
                    new JsonObject { ["X-Api-Key"] = "k1", ["Accept"] = "application/json" }
                ),
                ["body"] = InputExpression.FromJavaScript(
                    "({ title: 'Check valve', priority: 2 })"
                ),
            }
        );

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        ActivityFlows.Outputs(run)["responseBody"]!.GetValue<string>().ShouldBe("created");
        var request = sink.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe("POST");
        request.Header("x-api-key").ShouldBe("k1");
        request.Header("accept").ShouldBe("application/json");
        var recorded = run.Journal.Single(j => j.ActivityId == ActivityFlows.NodeId).Inputs!;
        recorded["headers"]!["X-Api-Key"]!.GetValue<string>().ShouldBe("(redacted)");
        recorded["headers"]!["Accept"]!.GetValue<string>().ShouldBe("application/json");
        request.Header("content-type").ShouldBe("application/json");
        JsonNode
            .DeepEquals(
                JsonNode.Parse(request.Body),
                new JsonObject { ["title"] = "Check valve", ["priority"] = 2 }
            )
            .ShouldBeTrue(Encoding.UTF8.GetString(request.Body));
    }

    [Fact]
    public async Task A_string_body_is_sent_as_text_with_the_content_type_given()
    {
        await using var sink = await LoopbackSink.StartAsync();

        var run = await RunAsync(
            new()
            {
                ["method"] = ActivityFlows.Literal("PUT"),
                ["url"] = ActivityFlows.Literal(sink.Url()),
                ["headers"] = ActivityFlows.Literal(
                    new JsonObject { ["Content-Type"] = "text/csv" }
                ),
                ["body"] = ActivityFlows.Literal("id,title\n1,Valve"),
            }
        );

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        var request = sink.Requests.ShouldHaveSingleItem();
        request.Header("content-type").ShouldBe("text/csv");
        Encoding.UTF8.GetString(request.Body).ShouldBe("id,title\n1,Valve");
    }

    [Fact]
    public async Task A_429_is_retried_only_after_its_retry_after_has_passed()
    {
        var time = new FakeTimeProvider();
        await using var sink = await LoopbackSink.StartAsync(
            (_, number) =>
                number == 1
                    ? new SinkAnswer(
                        429,
                        Headers: new Dictionary<string, string> { ["Retry-After"] = "7" }
                    )
                    : new SinkAnswer(200, """{"ok":true}"""),
            time
        );

        var running = RunAsync(new() { ["url"] = ActivityFlows.Literal(sink.Url()) }, time);
        await FakeClock.AdvanceUntilAsync(
            time,
            () => sink.Requests.Count == 2,
            TimeSpan.FromMilliseconds(250)
        );
        var run = await running;

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        ActivityFlows.Outputs(run)["attempts"]!.GetValue<int>().ShouldBe(2);
        var waited = sink.Requests[1].ReceivedAt - sink.Requests[0].ReceivedAt;
        waited.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(7));
        waited.ShouldBeLessThan(TimeSpan.FromSeconds(12));
        run.Logs.ShouldContain(l => l.Message.Contains("answered 429; retrying in 7 s"));
    }

    [Fact]
    public async Task A_retry_after_longer_than_a_run_waits_ends_the_retries()
    {
        await using var sink = await LoopbackSink.StartAsync(
            (_, _) =>
                new SinkAnswer(
                    503,
                    Headers: new Dictionary<string, string> { ["Retry-After"] = "3600" }
                )
        );

        var run = await RunAsync(new() { ["url"] = ActivityFlows.Literal(sink.Url()) });

        run.Status.ShouldBe(RunStatus.Faulted);
        run.Error!.Message.ShouldContain("answered 503 after 1 attempt(s)");
        sink.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_and_then_fault()
    {
        var time = new FakeTimeProvider();
        await using var sink = await LoopbackSink.StartAsync((_, _) => new SinkAnswer(500), time);

        var running = RunAsync(
            new()
            {
                ["url"] = ActivityFlows.Literal(sink.Url()),
                ["retries"] = ActivityFlows.Literal(2),
            },
            time
        );
        await FakeClock.AdvanceUntilAsync(
            time,
            () => running.IsCompleted,
            TimeSpan.FromMilliseconds(250)
        );
        var run = await running;

        run.Status.ShouldBe(RunStatus.Faulted);
        run.Error!.Message.ShouldBe($"GET {sink.Url()} answered 500 after 3 attempt(s)");
        var requests = sink.Requests;
        requests.Count.ShouldBe(3);
        (requests[1].ReceivedAt - requests[0].ReceivedAt).ShouldBeGreaterThanOrEqualTo(
            TimeSpan.FromSeconds(1)
        );
        (requests[2].ReceivedAt - requests[1].ReceivedAt).ShouldBeGreaterThanOrEqualTo(
            TimeSpan.FromSeconds(2)
        );
    }

    [Fact]
    public async Task A_client_error_is_not_retried_and_can_continue_along_failed()
    {
        await using var sink = await LoopbackSink.StartAsync(
            (_, _) => new SinkAnswer(404, """{"error":"no such order"}""")
        );

        var run = await RunAsync(
            new()
            {
                ["url"] = ActivityFlows.Literal(sink.Url()),
                ["faultOnError"] = ActivityFlows.Literal(false),
            }
        );

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        ActivityFlows.Port(run).ShouldBe(OutboundPorts.Failed);
        var outputs = ActivityFlows.Outputs(run);
        outputs["status"]!.GetValue<int>().ShouldBe(404);
        outputs["responseBody"]!["error"]!.GetValue<string>().ShouldBe("no such order");
        outputs["error"]!.GetValue<string>().ShouldContain("answered 404");
        sink.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_network_error_is_retried_then_reported()
    {
        var time = new FakeTimeProvider();
        int closedPort;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            closedPort = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        var running = RunAsync(
            new()
            {
                ["url"] = ActivityFlows.Literal($"http://127.0.0.1:{closedPort}/"),
                ["retries"] = ActivityFlows.Literal(1),
                ["faultOnError"] = ActivityFlows.Literal(false),
            },
            time
        );
        await FakeClock.AdvanceUntilAsync(
            time,
            () => running.IsCompleted,
            TimeSpan.FromMilliseconds(250)
        );
        var run = await running;

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        ActivityFlows.Port(run).ShouldBe(OutboundPorts.Failed);
        var outputs = ActivityFlows.Outputs(run);
        outputs["status"].ShouldBeNull();
        outputs["attempts"]!.GetValue<int>().ShouldBe(2);
        outputs["error"]!.GetValue<string>().ShouldContain("failed after 2 attempt(s)");
    }

    [Fact]
    public async Task An_answer_larger_than_the_limit_fails_the_call()
    {
        await using var sink = await LoopbackSink.StartAsync(
            (_, _) => new SinkAnswer(200, new string('x', 5000), "text/plain")
        );
        var services = new Services().Add(
            new OutboundHttp(
                new OutboundOptions { AllowedRanges = ["127.0.0.1/32"], MaxResponseBytes = 1000 }
            )
        );

        var run = await ActivityFlows.RunAsync(
            ActivityFlows.Single(
                "HttpRequest",
                new() { ["url"] = ActivityFlows.Literal(sink.Url()) }
            ),
            services
        );

        run.Status.ShouldBe(RunStatus.Faulted);
        run.Error!.Message.ShouldContain("larger than 1000 bytes");
    }

    [Fact]
    public async Task Urls_that_are_not_http_are_refused()
    {
        var run = await RunAsync(new() { ["url"] = ActivityFlows.Literal("file:///etc/passwd") });

        run.Status.ShouldBe(RunStatus.Faulted);
        run.Error!.Message.ShouldContain("not an absolute http or https URL");
    }

    [Fact]
    public async Task Without_an_outbound_client_the_activity_says_what_the_host_lacks()
    {
        var run = await ActivityFlows.RunAsync(
            ActivityFlows.Single(
                "HttpRequest",
                new() { ["url"] = ActivityFlows.Literal("https://example.com/") }
            ),
            services: null
        );

        run.Status.ShouldBe(RunStatus.Faulted);
        run.Error!.Message.ShouldContain("needs the service OutboundHttp");
    }

    private static Task<RunState> RunAsync(
        Dictionary<string, InputExpression> inputs,
        TimeProvider? time = null
    ) =>
        ActivityFlows.RunAsync(
            ActivityFlows.Single("HttpRequest", inputs),
            Services.WithLoopbackAllowed(),
            time
        );
}

using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Runtime;
using Microsoft.AspNetCore.Http;

namespace Makini.Flows.Connectors.Tests.Runtime;

public sealed class PagingAndRetryTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Link_header_pages_are_followed_to_the_end_and_each_page_is_a_checkpoint()
    {
        await using var source = await LoopbackSource.StartAsync(async context =>
        {
            var page = int.Parse(context.Request.Query["page"].FirstOrDefault() ?? "1");
            if (page < 3)
                context.Response.Headers.Link =
                    $"</items?page={page + 1}>; rel=\"next\", </items?page=1>; rel=\"first\"";
            await context.Response.WriteAsJsonAsync(
                new { items = new[] { new { id = page * 10 }, new { id = page * 10 + 1 } } }
            );
        });
        using var runtime = RuntimeFixture.Runtime();
        var client = runtime.Client(
            TestManifests.Make(TestManifests.Basic(), new JsonObject { ["type"] = "linkHeader" }),
            source.BaseUrl
        );

        var pages = await client.ReadAll();

        pages.Select(p => p.Records.Count).ShouldBe([2, 2, 2]);
        pages[^1].Next.ShouldBeNull();
        var resumed = await client.ReadAll(new ReadOptions { ResumeFrom = pages[0].Next });
        resumed
            .SelectMany(p => p.Records)
            .Select(r => r.GetProperty("id").GetInt32())
            .ShouldBe([20, 21, 30, 31]);
    }

    [Fact]
    public async Task A_next_page_url_on_another_host_is_refused_before_credentials_are_sent_there()
    {
        await using var elsewhere = await LoopbackSource.StartAsync(context =>
            context.Response.WriteAsJsonAsync(new { items = Array.Empty<object>() })
        );
        var otherHost = elsewhere.BaseUrl.Replace("127.0.0.1", "localhost");
        await using var source = await LoopbackSource.StartAsync(context =>
            context.Response.WriteAsJsonAsync(
                new { items = new[] { new { id = 1 } }, next = otherHost + "/items?page=2" }
            )
        );
        using var runtime = RuntimeFixture.Runtime();
        var client = runtime.Client(
            TestManifests.Make(
                TestManifests.Basic(),
                new JsonObject { ["type"] = "nextUrl", ["next"] = "/next" }
            ),
            source.BaseUrl
        );

        var refused = await Should.ThrowAsync<ConnectorException>(() => client.ReadAll());

        refused.Code.ShouldBe(ConnectorErrorCode.InvalidResponse);
        refused.Message.ShouldContain("another host");
        elsewhere.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Offset_pages_in_the_body_and_the_incremental_parameter_with_its_look_back()
    {
        await using var source = await LoopbackSource.StartAsync(async context =>
        {
            var body = JsonNode.Parse(
                await new StreamReader(context.Request.Body).ReadToEndAsync()
            )!;
            var start = body["paging"]!["start"]!.GetValue<int>();
            var items = Enumerable
                .Range(start, Math.Max(0, Math.Min(3, 7 - start)))
                .Select(i => new { id = i });
            await context.Response.WriteAsJsonAsync(new { items, total = 7 });
        });
        using var runtime = RuntimeFixture.Runtime();
        var manifest = TestManifests.Make(
            TestManifests.Basic(),
            new JsonObject
            {
                ["type"] = "offset",
                ["in"] = "body",
                ["offsetParameter"] = "/paging/start",
                ["limitParameter"] = "/paging/max",
                ["limit"] = 3,
                ["total"] = "/total",
            }
        ) with
        { };
        var streams = manifest
            .Streams.Select(s =>
                s with
                {
                    Request = s.Request with
                    {
                        Method = "POST",
                        Body = new JsonObject { ["find"] = "WorkOrder" },
                    },
                }
            )
            .ToList();
        var client = runtime.Client(manifest with { Streams = streams }, source.BaseUrl);
        var since = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

        var pages = await client.ReadAll(new ReadOptions { Since = since });

        pages.SelectMany(p => p.Records).Count().ShouldBe(7);
        source.Requests.Count.ShouldBe(3);
        source.Requests.ShouldAllBe(r => r.Query == "?changedSince=1799999940");
        source.Requests.Last().Body.ShouldContain("\"find\":\"WorkOrder\"");
    }

    [Fact]
    public async Task A_failing_source_is_retried_then_answers()
    {
        var calls = 0;
        await using var source = await LoopbackSource.StartAsync(async context =>
        {
            if (++calls < 3)
            {
                context.Response.StatusCode = 503;
                return;
            }
            await context.Response.WriteAsJsonAsync(new { items = new[] { new { id = 1 } } });
        });
        using var runtime = RuntimeFixture.Runtime();

        var pages = await runtime
            .Client(
                TestManifests.Make(TestManifests.Basic(), TestManifests.NoPages()),
                source.BaseUrl
            )
            .ReadAll();

        pages.ShouldHaveSingleItem().Records.Count.ShouldBe(1);
        calls.ShouldBe(3);
    }

    [Fact]
    public async Task A_source_that_keeps_failing_is_connection_failed_after_the_attempts()
    {
        await using var source = await LoopbackSource.StartAsync(context =>
        {
            context.Response.StatusCode = 502;
            return Task.CompletedTask;
        });
        using var runtime = RuntimeFixture.Runtime();

        var failed = await Should.ThrowAsync<ConnectorException>(() =>
            runtime
                .Client(
                    TestManifests.Make(TestManifests.Basic(), TestManifests.NoPages()),
                    source.BaseUrl
                )
                .CheckAsync(Cancel)
        );

        failed.CodeName.ShouldBe("CONNECTION_FAILED");
        failed.HttpStatus.ShouldBe(502);
        source.Requests.Count.ShouldBe(runtime.Options.MaxAttempts);
    }

    [Fact]
    public async Task Retry_after_longer_than_allowed_fails_at_once_saying_how_long_to_wait()
    {
        await using var source = await LoopbackSource.StartAsync(context =>
        {
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = "600";
            return Task.CompletedTask;
        });
        using var runtime = RuntimeFixture.Runtime();

        var limited = await Should.ThrowAsync<ConnectorException>(() =>
            runtime
                .Client(
                    TestManifests.Make(TestManifests.Basic(), TestManifests.NoPages()),
                    source.BaseUrl
                )
                .CheckAsync(Cancel)
        );

        limited.Code.ShouldBe(ConnectorErrorCode.RateLimitExceeded);
        limited.RetryAfter.ShouldBe(TimeSpan.FromSeconds(600));
        source.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_unreachable_source_and_a_silent_one_are_connection_failed()
    {
        await using var silent = await LoopbackSource.StartAsync(context =>
            Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted)
        );
        var closedPort = new Uri(silent.BaseUrl).Port;
        using var runtime = RuntimeFixture.Runtime(
            new ConnectorRuntimeOptions
            {
                MaxAttempts = 2,
                FirstRetryDelay = TimeSpan.FromMilliseconds(10),
                RequestTimeout = TimeSpan.FromMilliseconds(300),
            }
        );
        var manifest = TestManifests.Make(TestManifests.Basic(), TestManifests.NoPages());

        var timedOut = await Should.ThrowAsync<ConnectorException>(() =>
            runtime.Client(manifest, silent.BaseUrl).CheckAsync(Cancel)
        );
        await silent.DisposeAsync();
        var refused = await Should.ThrowAsync<ConnectorException>(() =>
            runtime.Client(manifest, $"http://127.0.0.1:{closedPort}").CheckAsync(Cancel)
        );

        timedOut.Code.ShouldBe(ConnectorErrorCode.ConnectionFailed);
        timedOut.Message.ShouldContain("no answer within");
        refused.Code.ShouldBe(ConnectorErrorCode.ConnectionFailed);
        refused.Message.ShouldContain("refused");
    }

    [Fact]
    public async Task A_cursor_answered_again_is_an_invalid_answer_not_an_endless_read()
    {
        await using var source = await LoopbackSource.StartAsync(context =>
            context.Response.WriteAsJsonAsync(
                new { items = new[] { new { id = 1 } }, nextCursor = "same" }
            )
        );
        using var runtime = RuntimeFixture.Runtime();
        var client = runtime.Client(
            TestManifests.Make(
                TestManifests.Basic(),
                new JsonObject
                {
                    ["type"] = "cursor",
                    ["cursor"] = "/nextCursor",
                    ["parameter"] = "cursor",
                }
            ),
            source.BaseUrl
        );

        (await Should.ThrowAsync<ConnectorException>(() => client.ReadAll())).Message.ShouldContain(
            "never end"
        );
        source.Requests.Count.ShouldBe(2);
    }
}

public sealed class GuardedTransportTests
{
    [Fact]
    public async Task A_private_instance_url_is_refused_by_the_ssrf_guard_at_once_and_not_retried()
    {
        using var runtime = new ConnectorRuntime(
            Makini.Flows.Activities.Outbound.OutboundHttp.CreateGuardedHandler(
                new Makini.Flows.Activities.Outbound.OutboundOptions()
            ),
            TimeProvider.System,
            // A retry would wait an hour: the test's own time limit would end it first.
            new ConnectorRuntimeOptions
            {
                FirstRetryDelay = TimeSpan.FromHours(1),
                MaxRetryDelay = TimeSpan.FromHours(1),
            }
        );
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(
            TestContext.Current.CancellationToken
        );
        limit.CancelAfter(TimeSpan.FromMinutes(2));
        var manifest = TestManifests.Make(TestManifests.Basic(), TestManifests.NoPages());

        var refused = await Should.ThrowAsync<ConnectorException>(() =>
            runtime
                .Client(
                    manifest,
                    "con_1",
                    new Dictionary<string, string>
                    {
                        ["instanceUrl"] = "http://169.254.169.254/latest",
                    }
                )
                .CheckAsync(limit.Token)
        );

        refused.Code.ShouldBe(ConnectorErrorCode.ConnectionFailed);
        refused.Message.ShouldContain("link-local");
        refused.InnerException.ShouldBeOfType<Makini.Flows.Activities.Outbound.OutboundConnectionRefusedException>();
    }
}

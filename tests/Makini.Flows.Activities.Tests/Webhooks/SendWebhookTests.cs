using System.Text.Json.Nodes;
using Makini.Flows.Activities.Outbound;
using Makini.Flows.Activities.Tests.Support;
using Makini.Flows.Activities.Webhooks;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace Makini.Flows.Activities.Tests.Webhooks;

public sealed class SendWebhookTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static readonly Dictionary<string, string> Secrets = new() { ["alerts"] = Secret };

    [Fact]
    public async Task Every_delivery_is_accepted_by_a_receiver_written_from_the_spec()
    {
        await using var sink = await LoopbackSink.StartAsync();

        var runs = new List<RunState>();
        foreach (var priority in new[] { "critical", "high", "low" })
            runs.Add(
                await RunAsync(
                    Inputs(
                        sink.Url("/makini"),
                        InputExpression.FromJavaScript(
                            $"({{ key: 'WO-1', priority: '{priority}', note: 'ünïcode ✓' }})"
                        )
                    )
                )
            );

        runs.ShouldAllBe(run => run.Status == RunStatus.Completed);
        sink.Requests.Count.ShouldBe(3);
        foreach (var request in sink.Requests)
        {
            request.Method.ShouldBe("POST");
            request.Header("content-type").ShouldBe("application/json; charset=utf-8");
            SpecReceiver.Accepts(Secret, request, DateTimeOffset.UtcNow).ShouldBeTrue();
            SpecReceiver.AcceptsLegacy(Secret, request).ShouldBeTrue();
            LegacyWebhookSignature
                .Verify(Secret, request.Header("x-webhook-signature"), request.Body)
                .ShouldBeTrue();
        }
        sink.Requests.Select(r => r.Header("webhook-id")).Distinct().Count().ShouldBe(3);
    }

    [Fact]
    public async Task The_body_is_the_envelope_and_the_outputs_name_the_delivery()
    {
        await using var sink = await LoopbackSink.StartAsync((_, _) => new SinkAnswer(204));

        var run = await RunAsync(
            Inputs(
                sink.Url(),
                InputExpression.FromJavaScript("({ key: 'WO-9' })"),
                connectionId: "conn-42"
            )
        );

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        var request = sink.Requests.ShouldHaveSingleItem();
        var envelope = JsonNode.Parse(request.Body)!.AsObject();
        envelope.Select(p => p.Key).ShouldBe(["type", "timestamp", "connectionId", "data"]);
        envelope["type"]!.GetValue<string>().ShouldBe("workOrder.overdue");
        envelope["connectionId"]!.GetValue<string>().ShouldBe("conn-42");
        envelope["data"]!["key"]!.GetValue<string>().ShouldBe("WO-9");
        DateTimeOffset
            .Parse(envelope["timestamp"]!.GetValue<string>())
            .ShouldBe(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        var outputs = ActivityFlows.Outputs(run);
        outputs["webhookId"]!.GetValue<string>().ShouldBe(request.Header("webhook-id"));
        outputs["webhookId"]!.GetValue<string>().ShouldMatch("^msg_[0-9a-f]{32}$");
        outputs["status"]!.GetValue<int>().ShouldBe(204);
        outputs["attempt"]!.GetValue<int>().ShouldBe(1);
        outputs["error"].ShouldBeNull();
    }

    [Fact]
    public async Task A_retry_keeps_the_webhook_id_and_signs_a_new_timestamp()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sink = await LoopbackSink.StartAsync(
            (_, number) => new SinkAnswer(number == 1 ? 503 : 200),
            time
        );

        var running = RunAsync(Inputs(sink.Url(), ActivityFlows.Literal(null)), time);
        await FakeClock.AdvanceUntilAsync(
            time,
            () => running.IsCompleted,
            TimeSpan.FromMilliseconds(250)
        );
        var run = await running;

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        ActivityFlows.Outputs(run)["attempt"]!.GetValue<int>().ShouldBe(2);
        var (first, second) = (sink.Requests[0], sink.Requests[1]);
        second.Header("webhook-id").ShouldBe(first.Header("webhook-id"));
        long.Parse(second.Header("webhook-timestamp")!)
            .ShouldBeGreaterThan(long.Parse(first.Header("webhook-timestamp")!));
        second.Body.ShouldBe(first.Body);
        SpecReceiver.Accepts(Secret, second, second.ReceivedAt).ShouldBeTrue();
    }

    [Fact]
    public async Task During_key_rotation_both_secrets_sign_and_either_receiver_accepts()
    {
        var newSecret = StandardWebhooks.NewSecret();
        await using var sink = await LoopbackSink.StartAsync();

        var run = await RunAsync(
            Inputs(sink.Url(), ActivityFlows.Literal(new JsonObject { ["x"] = 1 })),
            secrets: new() { ["alerts"] = $"{newSecret} {Secret}" }
        );

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        var request = sink.Requests.ShouldHaveSingleItem();
        request.Header("webhook-signature")!.Split(' ').Length.ShouldBe(2);
        SpecReceiver.Accepts(newSecret, request, DateTimeOffset.UtcNow).ShouldBeTrue();
        SpecReceiver.Accepts(Secret, request, DateTimeOffset.UtcNow).ShouldBeTrue();
        SpecReceiver.AcceptsLegacy(newSecret, request).ShouldBeTrue();
    }

    [Fact]
    public async Task Only_2xx_is_success_and_a_redirect_or_gone_is_not_retried()
    {
        await using var sink = await LoopbackSink.StartAsync(
            (request, _) =>
                request.PathAndQuery == "/moved"
                    ? new SinkAnswer(
                        301,
                        Headers: new Dictionary<string, string> { ["Location"] = "/gone" }
                    )
                    : new SinkAnswer(410)
        );

        var moved = await RunAsync(Inputs(sink.Url("/moved"), ActivityFlows.Literal(null)));
        var gone = await RunAsync(
            Inputs(sink.Url("/gone"), ActivityFlows.Literal(null), faultOnError: false)
        );

        moved.Status.ShouldBe(RunStatus.Faulted);
        moved.Error!.Message.ShouldContain("the receiver answered 301");
        gone.Status.ShouldBe(RunStatus.Completed, gone.Error?.Message);
        ActivityFlows.Port(gone).ShouldBe(OutboundPorts.Failed);
        ActivityFlows.Outputs(gone)["status"]!.GetValue<int>().ShouldBe(410);
        ActivityFlows.Outputs(gone)["attempt"]!.GetValue<int>().ShouldBe(1);
        sink.Requests.Select(r => r.PathAndQuery).ShouldBe(["/moved", "/gone"]);
    }

    [Fact]
    public async Task A_secret_that_is_not_configured_faults_saying_where_to_set_it()
    {
        var run = await RunAsync(
            Inputs("https://example.com/hook", ActivityFlows.Literal(null)),
            secrets: []
        );

        run.Status.ShouldBe(RunStatus.Faulted);
        run.Error!.Message.ShouldBe(
            "the signing secret 'alerts' is not configured on this server (TestSecrets:alerts)"
        );
    }

    [Fact]
    public async Task A_webhook_to_a_private_address_is_refused()
    {
        var run = await ActivityFlows.RunAsync(
            ActivityFlows.Single(
                "SendWebhook",
                Inputs("http://192.168.1.1/hook", ActivityFlows.Literal(null))
            ),
            new Services()
                .Add(new OutboundHttp(new OutboundOptions()))
                .Add<Makini.Flows.Activities.Secrets.ISecretResolver>(new SecretMap(Secrets))
        );

        run.Status.ShouldBe(RunStatus.Faulted);
        run.Error!.Message.ShouldContain("192.168.1.1 is private (192.168.0.0/16)");
    }

    [Fact]
    public void The_secret_name_must_be_a_literal()
    {
        var problems = new FlowEngine(MakiniActivities.CreateRegistry()).Validator.Validate(
            ActivityFlows.Single(
                "SendWebhook",
                new()
                {
                    ["url"] = ActivityFlows.Literal("https://example.com/"),
                    ["secret"] = InputExpression.FromJavaScript("'alerts'"),
                    ["eventType"] = ActivityFlows.Literal("x"),
                }
            )
        );

        problems.HasErrors.ShouldBeTrue();
        problems.Problems.ShouldContain(p => p.Pointer.Contains("secret"));
    }

    private static Dictionary<string, InputExpression> Inputs(
        string url,
        InputExpression payload,
        string? connectionId = null,
        bool faultOnError = true
    )
    {
        var inputs = new Dictionary<string, InputExpression>
        {
            ["url"] = ActivityFlows.Literal(url),
            ["secret"] = ActivityFlows.Literal("alerts"),
            ["eventType"] = ActivityFlows.Literal("workOrder.overdue"),
            ["payload"] = payload,
            ["faultOnError"] = ActivityFlows.Literal(faultOnError),
        };
        if (connectionId is not null)
            inputs["connectionId"] = ActivityFlows.Literal(connectionId);
        return inputs;
    }

    private static Task<RunState> RunAsync(
        Dictionary<string, InputExpression> inputs,
        TimeProvider? time = null,
        Dictionary<string, string>? secrets = null
    ) =>
        ActivityFlows.RunAsync(
            ActivityFlows.Single("SendWebhook", inputs),
            Services.WithLoopbackAllowed(secrets ?? Secrets),
            time
        );
}

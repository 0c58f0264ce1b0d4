using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Makini.Flows.Activities.Outbound;
using Makini.Flows.Activities.Tests.Support;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Activities.Tests.Outbound;

/// <summary>
/// Calls to addresses that are not public are refused before any connection is attempted, whatever form the
/// host takes; an operator-allowed range opens the way.
/// </summary>
public sealed class SsrfGuardTests
{
    public static TheoryData<string, string, string> RefusedHosts() =>
        new()
        {
            { "127.0.0.1", "127.0.0.1", "loopback" },
            { "127.1", "127.0.0.1", "loopback" },
            { "2130706433", "127.0.0.1", "loopback" },
            { "0x7f000001", "127.0.0.1", "loopback" },
            { "[::1]", "::1", "loopback" },
            { "[::ffff:127.0.0.1]", "::ffff:127.0.0.1", "IPv4-mapped IPv6 form of 127.0.0.1" },
            { "10.0.0.1", "10.0.0.1", "private (10.0.0.0/8)" },
            { "172.16.0.1", "172.16.0.1", "private (172.16.0.0/12)" },
            { "192.168.1.1", "192.168.1.1", "private (192.168.0.0/16)" },
            { "169.254.169.254", "169.254.169.254", "link-local" },
            { "[fd00::1]", "fd00::1", "unique-local" },
            { "0.0.0.0", "0.0.0.0", "0.0.0.0/8" },
            { "localhost", "127.0.0.1", "loopback" },
        };

    [Theory]
    [MemberData(nameof(RefusedHosts))]
    public async Task A_call_to_a_host_that_is_not_public_is_refused_without_connecting(
        string host,
        string address,
        string reason
    )
    {
        using var listener = DualModeLoopbackListener();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var http = new OutboundHttp(new OutboundOptions());

        var exception = await Should.ThrowAsync<HttpRequestException>(() =>
            http.Client.GetAsync($"http://{host}:{port}/", TestContext.Current.CancellationToken)
        );

        var refused = exception.InnerException.ShouldBeOfType<OutboundConnectionRefusedException>();
        refused.Message.ShouldContain($"{address} is ");
        refused.Message.ShouldContain(reason);
        refused.Message.ShouldContain("Outbound:AllowedRanges");
        listener.Pending().ShouldBeFalse("the guard let a connection attempt through");
    }

    [Fact]
    public async Task The_servers_own_address_and_host_name_are_refused_even_inside_an_allowed_range()
    {
        var own = System
            .Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .First(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        // An operator opened wide ranges for on-premise systems: the server's own addresses stay closed.
        using var http = new OutboundHttp(
            new OutboundOptions { AllowedRanges = [$"{own}/8", "127.0.0.0/8"] }
        );

        foreach (var host in new[] { own.ToString(), Dns.GetHostName(), "localhost" })
        {
            var exception = await Should.ThrowAsync<HttpRequestException>(() =>
                http.Client.GetAsync(
                    $"http://{host}:{port}/",
                    TestContext.Current.CancellationToken
                )
            );
            exception
                .InnerException.ShouldBeOfType<OutboundConnectionRefusedException>()
                .Message.ShouldContain("this server's own addresses");
        }
        listener.Pending().ShouldBeFalse("the guard let a connection attempt through");
    }

    [Fact]
    public async Task The_http_request_activity_faults_with_the_refusal_and_connects_nowhere()
    {
        using var listener = DualModeLoopbackListener();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var services = new Services().Add(new OutboundHttp(new OutboundOptions()));

        var run = await ActivityFlows.RunAsync(
            ActivityFlows.Single(
                "HttpRequest",
                new()
                {
                    ["url"] = ActivityFlows.Literal(
                        $"http://169.254.169.254:{port}/latest/meta-data/"
                    ),
                }
            ),
            services
        );

        run.Status.ShouldBe(RunStatus.Faulted);
        run.Error!.Message.ShouldContain("refused to connect to '169.254.169.254'");
        run.Error.Message.ShouldContain("link-local");
        run.Error.Message.ShouldContain("Outbound:AllowedRanges");
        ActivityFlows.Outputs(run)["attempts"]!.GetValue<int>().ShouldBe(1);
        listener.Pending().ShouldBeFalse();
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task With_loopback_allowed_a_call_to_a_loopback_server_succeeds(string host)
    {
        await using var sink = await LoopbackSink.StartAsync(
            (_, _) => new SinkAnswer(200, """{"ok":true}""")
        );

        var run = await ActivityFlows.RunAsync(
            ActivityFlows.Single(
                "HttpRequest",
                new() { ["url"] = ActivityFlows.Literal($"http://{host}:{sink.Port}/ping") }
            ),
            Services.WithLoopbackAllowed()
        );

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        ActivityFlows.Outputs(run)["status"]!.GetValue<int>().ShouldBe(200);
        sink.Requests.ShouldHaveSingleItem().PathAndQuery.ShouldBe("/ping");
    }

    [Fact]
    public async Task Allowing_one_loopback_address_does_not_allow_its_neighbours()
    {
        using var http = new OutboundHttp(new OutboundOptions { AllowedRanges = ["127.0.0.1/32"] });

        var exception = await Should.ThrowAsync<HttpRequestException>(() =>
            http.Client.GetAsync("http://127.0.0.2:9/", TestContext.Current.CancellationToken)
        );

        exception.InnerException.ShouldBeOfType<OutboundConnectionRefusedException>();
    }

    [Fact]
    public async Task A_redirect_is_not_followed()
    {
        await using var sink = await LoopbackSink.StartAsync(
            (request, _) =>
                request.PathAndQuery == "/start"
                    ? new SinkAnswer(
                        302,
                        Headers: new Dictionary<string, string> { ["Location"] = "/elsewhere" }
                    )
                    : new SinkAnswer(200, "{}")
        );

        var run = await ActivityFlows.RunAsync(
            ActivityFlows.Single(
                "HttpRequest",
                new()
                {
                    ["url"] = ActivityFlows.Literal(sink.Url("/start")),
                    ["faultOnError"] = ActivityFlows.Literal(false),
                }
            ),
            Services.WithLoopbackAllowed()
        );

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        ActivityFlows.Port(run).ShouldBe("Failed");
        ActivityFlows.Outputs(run)["status"]!.GetValue<int>().ShouldBe(302);
        ActivityFlows.Outputs(run)["responseHeaders"]!["location"]!
            .GetValue<string>()
            .ShouldBe("/elsewhere");
        sink.Requests.ShouldHaveSingleItem().PathAndQuery.ShouldBe("/start");
    }

    [Fact]
    public void The_guarded_handler_uses_no_proxy_and_follows_no_redirect()
    {
        using var handler = OutboundHttp.CreateGuardedHandler(new OutboundOptions());

        handler.UseProxy.ShouldBeFalse();
        handler.AllowAutoRedirect.ShouldBeFalse();
        handler.ConnectCallback.ShouldNotBeNull();
    }

    private static TcpListener DualModeLoopbackListener()
    {
        var listener = new TcpListener(IPAddress.IPv6Any, 0);
        listener.Server.DualMode = true;
        listener.Start();
        return listener;
    }
}

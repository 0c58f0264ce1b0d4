using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Demo;
using Makini.Flows.Server.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Makini.Flows.Server.Tests.Demo;

/// <summary>The Demo CMMS as the server serves it over HTTP under /demo-cmms, with its own login.</summary>
public sealed class DemoCmmsOverHttpTests : IAsyncDisposable
{
    private readonly ServerHost _host = Host();
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_sample_credentials_log_in_and_read_pages_without_an_api_key()
    {
        var client = _host.ClientWithKey(null);

        var login = await client.PostAsJsonAsync(
            "/demo-cmms/api/v1/auth/login",
            new { username = DemoCredentials.Username, password = DemoCredentials.Password },
            Ct
        );
        login.StatusCode.ShouldBe(HttpStatusCode.OK, await login.Content.ReadAsStringAsync(Ct));
        var token = (await Body(login))["token"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var page = await client.GetAsync("/demo-cmms/api/v1/work-orders?page=2&per_page=50", Ct);

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        page.Headers.GetValues("X-RateLimit-Limit").Single().ShouldBe("600");
        page.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        var body = await Body(page);
        body["data"]!.AsArray().Count.ShouldBe(50);
        body["meta"]!["page"]!.GetValue<int>().ShouldBe(2);
        body["meta"]!["total"]!.GetValue<int>().ShouldBeGreaterThan(1_000);
    }

    [Fact]
    public async Task The_demo_answers_its_own_errors()
    {
        var client = _host.ClientWithKey(null);

        var wrong = await client.PostAsJsonAsync(
            "/demo-cmms/api/v1/auth/login",
            new { username = DemoCredentials.Username, password = "nope" },
            Ct
        );
        var anonymous = await client.GetAsync("/demo-cmms/api/v1/assets", Ct);
        var unknown = await client.GetAsync("/demo-cmms/api/v2/assets", Ct);

        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Body(wrong))["error"]!.GetValue<string>().ShouldBe("invalid_credentials");
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        anonymous.Headers.WwwAuthenticate.ShouldContain(h => h.Scheme == "Bearer");
        (await Body(anonymous))["error"]!.GetValue<string>().ShouldBe("unauthorized");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Body(unknown))["error"]!.GetValue<string>().ShouldBe("not_found");
    }

    [Fact]
    public async Task Connections_in_process_reach_the_same_demo_that_is_served_over_http()
    {
        var login = await _host
            .ClientWithKey(null)
            .PostAsJsonAsync(
                "/demo-cmms/api/v1/auth/login",
                new { username = DemoCredentials.Username, password = DemoCredentials.Password },
                Ct
            );
        var token = (await Body(login))["token"]!.GetValue<string>();
        using var inProcess = new HttpClient(
            _host.Services.GetRequiredService<DemoCmms>().Handler,
            disposeHandler: false
        );
        inProcess.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var me = await inProcess.GetAsync($"{DemoCmms.BaseUrl}/me", Ct);

        me.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Body(me))["email"]!.GetValue<string>().ShouldBe(DemoCredentials.Username);
    }

    [Fact]
    public async Task A_server_with_the_demo_disabled_neither_holds_nor_serves_it()
    {
        await using var host = Host(
            new Dictionary<string, string> { ["DemoCmms:Enabled"] = "false" }
        );

        var login = await host.ClientWithKey(null)
            .PostAsJsonAsync(
                "/demo-cmms/api/v1/auth/login",
                new { username = DemoCredentials.Username, password = DemoCredentials.Password },
                Ct
            );

        host.Services.GetService<DemoCmms>().ShouldBeNull();
        login.StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }

    private static ServerHost Host(IReadOnlyDictionary<string, string>? settings = null) =>
        new(
            "Sqlite",
            $"Data Source={Path.Combine(Path.GetTempPath(), $"makini-test-{Guid.NewGuid():N}.db")}",
            settings
        );

    private async Task<JsonObject> Body(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();
}

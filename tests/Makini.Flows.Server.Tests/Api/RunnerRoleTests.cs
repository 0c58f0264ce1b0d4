using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Makini.Flows.Server.Tests.Connections;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Makini.Flows.Server.Tests.Api;

/// <summary>
/// What a runner key may do, as README says: start runs and read them, nothing else. Every route the server maps is
/// called with a runner key, so a route added later without the right policy fails here.
/// </summary>
public sealed partial class RunnerRoleTests : IAsyncDisposable
{
    /// <summary>README's list, word for word: what a runner key may call.</summary>
    private static readonly HashSet<string> RunnerMay =
    [
        "POST /api/flows/{flowId}/runs",
        "GET /api/runs",
        "GET /api/runs/{id}",
        "GET /api/runs/{id}/journal",
        "GET /api/runs/{id}/events",
        "GET /api/events",
    ];

    /// <summary>What needs no key at all (a hook whose access is apiKey checks the key itself).</summary>
    private static readonly HashSet<string> Anonymous =
    [
        "* /health",
        "* /health/live",
        "GET /api/openapi.json",
        "GET /api/docs/{documentName?}",
        "GET /api/docs/scalar.js",
        "GET /api/docs/scalar.aspnetcore.js",
        "GET /api/docs/favicon.svg",
        "GET /api/schemas/flow.json",
        "* /hooks/{**path}",
        "GET designer fallback",
        "HEAD designer fallback",
    ];

    private readonly ServerHost _host = TestDatabases.Sqlite().Server();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_runner_key_reaches_exactly_the_routes_README_lists_and_no_other()
    {
        var runner = await RunnerAsync();
        var routes = Routes();
        routes.Count.ShouldBeGreaterThan(100);

        var anonymous = routes.Where(r => r.Anonymous).Select(r => r.Key).ToHashSet();
        anonymous.ShouldBe(Anonymous, ignoreOrder: true);
        routes
            .Where(r => !r.Anonymous)
            .Select(r => r.Key)
            .Intersect(RunnerMay)
            .ShouldBe(RunnerMay, ignoreOrder: true);

        var wrong = new List<string>();
        foreach (var route in routes.Where(r => !r.Anonymous))
        {
            var status = await StatusAsync(runner, route);
            var allowed = RunnerMay.Contains(route.Key);
            if (
                allowed == (status == HttpStatusCode.Forbidden)
                || status == HttpStatusCode.Unauthorized
            )
                wrong.Add($"{route.Key} ({route.Url}): {(int)status}");
        }
        wrong.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_runner_key_starts_a_run_and_reads_it_and_its_journal()
    {
        var admin = _host.ClientWithKey();
        var import = await admin.PostAsync(
            "/api/flows/import?publish=true",
            new StringContent(
                File.ReadAllText(
                    Path.Combine(
                        ServerHost.RepositoryRoot(),
                        "flows-samples",
                        "work-order-triage.flow.json"
                    )
                ),
                Encoding.UTF8,
                "application/json"
            ),
            Ct
        );
        import.StatusCode.ShouldBe(HttpStatusCode.OK);
        var runner = await RunnerAsync();

        var started = await runner.PostAsJsonAsync(
            "/api/flows/work-order-triage/runs",
            new { priority = "low", estimatedCost = 1 },
            Ct
        );
        started.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = JsonNode.Parse(await started.Content.ReadAsStringAsync(Ct))![
            "id"
        ]!.GetValue<string>();

        (await runner.GetAsync($"/api/runs/{id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await runner.GetAsync($"/api/runs/{id}/journal", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
        (await runner.PostAsync($"/api/runs/{id}/retry", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.Forbidden
        );
        (await runner.GetAsync("/api/activities", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.Forbidden
        );
    }

    private async Task<HttpClient> RunnerAsync()
    {
        var created = await _host
            .ClientWithKey()
            .PostAsJsonAsync("/api/keys", new { name = "ci", role = "runner" }, Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        return _host.ClientWithKey(
            JsonNode.Parse(await created.Content.ReadAsStringAsync(Ct))!["key"]!.GetValue<string>()
        );
    }

    private sealed record Route(string Method, string Pattern, bool Anonymous, string Url)
    {
        public string Key => $"{Method} {Pattern}";
    }

    /// <summary>Every route of the running server, one per method, with a URL that matches it.</summary>
    private List<Route> Routes()
    {
        _host.ClientWithKey(); // starts the server
        var source = _host.Services.GetRequiredService<EndpointDataSource>();
        var routes = new List<Route>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var raw = endpoint.RoutePattern.RawText ?? "";
            var pattern =
                raw.StartsWith("{*path", StringComparison.Ordinal) ? "designer fallback"
                : raw.Length > 1 ? raw.TrimEnd('/')
                : raw;
            if (!pattern.StartsWith('/') && pattern != "designer fallback")
                pattern = "/" + pattern;
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var url = Parameter()
                .Replace(
                    pattern,
                    match =>
                        match.Groups["constraint"].Value is var c
                        && (c.Contains("int") || c.Contains("long"))
                            ? "1"
                            : "x"
                );
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
            foreach (var method in methods is { Count: > 0 } ? methods : ["*"])
                routes.Add(new Route(method, pattern, anonymous, url));
        }
        return routes.DistinctBy(r => r.Key).ToList();
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, Route route)
    {
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Url);
        if (route.Method is "POST" or "PUT" or "PATCH")
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        // The live event streams answer at once and then stay open: the status is all that is read.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var response = await client.SendAsync(
            request,
            HttpCompletionOption.ResponseHeadersRead,
            timeout.Token
        );
        return response.StatusCode;
    }

    [GeneratedRegex(@"\{\*{0,2}(?<name>[^}:=?]+)(?<constraint>:[^}?]*)?\??\}")]
    private static partial Regex Parameter();
}

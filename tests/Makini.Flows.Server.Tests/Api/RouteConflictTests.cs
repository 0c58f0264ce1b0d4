using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Server.Tests.Connections;
using Makini.Flows.Tests.Shared;

namespace Makini.Flows.Server.Tests.Api;

/// <summary>A hook route is served by one flow: importing or publishing another onto it is a 409 that names the owner.</summary>
public sealed class RouteConflictTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private ServerHost _host = null!;
    private HttpClient _admin = null!;

    public ValueTask InitializeAsync()
    {
        _host = TestDatabases.Sqlite().Server();
        _admin = _host.ClientWithKey();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private static JsonObject Flow(string id, string path)
    {
        var flow = JsonNode
            .Parse(
                File.ReadAllText(
                    Path.Combine(
                        TestServer.RepositoryRoot(),
                        "flows-samples",
                        "work-order-webhook.flow.json"
                    )
                )
            )!
            .AsObject();
        flow["id"] = id;
        flow["activities"]![0]!["inputs"]!["path"] = new JsonObject { ["literal"] = path };
        return flow;
    }

    private Task<HttpResponseMessage> ImportAsync(JsonNode body, bool publish = true) =>
        _admin.PostAsync(
            $"/api/flows/import?publish={(publish ? "true" : "false")}",
            new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
            Ct
        );

    [Fact]
    public async Task Two_flows_of_one_import_on_one_new_route_are_refused_and_nothing_is_stored()
    {
        var response = await ImportAsync(
            new JsonArray(
                Flow("first-on-route", "shared/route"),
                Flow("second-on-route", "shared/route")
            )
        );

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        problem["flowId"]!.GetValue<string>().ShouldBe("first-on-route");
        problem["detail"]!.GetValue<string>().ShouldContain("/hooks/shared/route");
        (await _admin.GetAsync("/api/flows/first-on-route", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.NotFound
        );
        (await _admin.GetAsync("/api/flows/second-on-route", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.NotFound
        );
    }

    [Fact]
    public async Task Publishing_onto_a_route_another_flow_serves_is_a_409_naming_that_flow()
    {
        (await ImportAsync(Flow("owner", "taken/route"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ImportAsync(Flow("newcomer", "taken/route"), publish: false)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );

        var published = await _admin.PostAsync("/api/flows/newcomer/publish", null, Ct);

        published.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await published.Content.ReadFromJsonAsync<JsonObject>(Ct))!["flowId"]!
            .GetValue<string>()
            .ShouldBe("owner");
        var again = await ImportAsync(Flow("newcomer", "taken/route"));
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Server.Tests.Api;
using Makini.Flows.Tests.Fakes;
using Microsoft.EntityFrameworkCore;
using static Makini.Flows.Server.Tests.Connections.ConnectionCalls;

namespace Makini.Flows.Server.Tests.Connections;

/// <summary>The connector catalogue read at start, and a server that refuses to start on broken manifests or lost keys.</summary>
public sealed class ConnectorCatalogueTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_catalogue_lists_the_shipped_connectors_with_their_connect_forms()
    {
        await using var host = TestDatabases.Sqlite().Server();
        var client = host.ClientWithKey();

        var all = await client.GetFromJsonAsync<JsonArray>("/api/connectors", Ct);
        var maintainx = await client.GetFromJsonAsync<JsonObject>("/api/connectors/maintainx", Ct);
        var unknown = await client.GetAsync("/api/connectors/sap-pm", Ct);

        var summary = all!.Single(c => c!["id"]!.GetValue<string>() == "maintainx")!;
        summary["name"]!.GetValue<string>().ShouldBe("MaintainX");
        summary["category"]!.GetValue<string>().ShouldBe("CMMS");
        summary["authentication"]!.GetValue<string>().ShouldBe("bearer");
        summary["entities"]!
            .AsArray()
            .Select(e => e!.GetValue<string>())
            .ShouldContain("work-orders");
        var apiKey = summary["credentials"]!
            .AsArray()
            .Single(f => f!["name"]!.GetValue<string>() == "apiKey")!;
        apiKey["secret"]!.GetValue<bool>().ShouldBeTrue();
        apiKey["required"]!.GetValue<bool>().ShouldBeTrue();
        var url = summary["credentials"]!
            .AsArray()
            .Single(f => f!["name"]!.GetValue<string>() == "instanceUrl")!;
        url["secret"]!.GetValue<bool>().ShouldBeFalse();
        url["default"]!.GetValue<string>().ShouldBe("https://api.getmaintainx.com/v1");
        var file = JsonNode
            .Parse(
                await File.ReadAllTextAsync(
                    Path.Combine(ServerHost.RepositoryRoot(), "connectors", "maintainx.json"),
                    Ct
                )
            )!
            .AsObject();
        file.Remove("$schema");
        JsonNode.DeepEquals(maintainx, file).ShouldBeTrue();
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_built_in_Demo_CMMS_connects_with_its_sample_credentials_without_any_network()
    {
        await using var host = TestDatabases.Sqlite().Server();
        var client = host.ClientWithKey();

        var connected = await client.PostAsJsonAsync(
            "/api/connections",
            new
            {
                name = "Demo",
                connector = "demo-cmms",
                credentials = new { username = "demo@makini.io", password = "makini-demo" },
            },
            Ct
        );
        var wrong = await client.PostAsJsonAsync(
            "/api/connections",
            new
            {
                name = "Demo",
                connector = "demo-cmms",
                credentials = new { username = "demo@makini.io", password = "guess" },
            },
            Ct
        );

        connected.StatusCode.ShouldBe(HttpStatusCode.Created);
        var connection = await BodyAsync(connected);
        Status(connection).ShouldBe("online");
        connection["credentials"]!["instanceUrl"]!
            .GetValue<string>()
            .ShouldBe("http://demo-cmms.internal/api/v1");
        connection["credentials"]!["password"]!.GetValue<string>().ShouldBe("********");
        wrong.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await BodyAsync(wrong))["code"]!.GetValue<string>().ShouldBe("AUTHENTICATION_FAILED");
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_connectors_and_connections()
    {
        await using var host = TestDatabases.Sqlite().Server();

        var document = await host.CreateClient()
            .GetFromJsonAsync<JsonObject>("/api/openapi.json", Ct);

        var paths = document!["paths"]!.AsObject();
        foreach (
            var path in new[]
            {
                "/api/connectors",
                "/api/connectors/{id}",
                "/api/connections",
                "/api/connections/{id}",
                "/api/connections/{id}/credentials",
                "/api/connections/{id}/check",
                "/api/connections/{id}/disable",
                "/api/connections/{id}/enable",
                "/api/connections/{id}/status-history",
                "/api/connections/{id}/tokens",
                "/api/connections/{id}/tokens/{tokenId}",
            }
        )
            paths.ContainsKey(path).ShouldBeTrue(path);
        paths["/api/connections"]!["post"]!["requestBody"]!
            .ToJsonString()
            .ShouldContain("CreateConnectionRequest");
        document["components"]!["schemas"]!.AsObject().ContainsKey("ConnectionView").ShouldBeTrue();
    }

    [Fact]
    public void Manifests_with_problems_stop_the_start_with_every_problem_listed()
    {
        var folder = Directory.CreateTempSubdirectory("makini-connectors-").FullName;
        File.WriteAllText(Path.Combine(folder, "broken.json"), "{ \"id\": ");
        var incomplete = JsonNode
            .Parse(
                File.ReadAllText(
                    Path.Combine(ServerHost.RepositoryRoot(), "connectors", "maintainx.json")
                )
            )!
            .AsObject();
        incomplete["id"] = "incomplete";
        incomplete["baseUrl"] = "{{credentials.nowhere}}";
        incomplete.Remove("check");
        File.WriteAllText(Path.Combine(folder, "incomplete.json"), incomplete.ToJsonString());

        using var host = TestDatabases
            .Sqlite()
            .Server(settings: new Dictionary<string, string> { ["Connectors:Folder"] = folder });
        var refused = Should.Throw<Exception>(() => host.CreateClient()).ToString();

        refused.ShouldContain("broken.json at /");
        refused.ShouldContain("incomplete.json at /");
        refused.ShouldContain("check");
        refused.ShouldContain("Connectors:Folder");
    }

    [Fact]
    public async Task Stored_credentials_without_their_keys_stop_the_start()
    {
        await using var fake = new MaintainXFake();
        await fake.StartAsync();
        var database =
            $"Data Source={Path.Combine(Path.GetTempPath(), $"makini-keys-test-{Guid.NewGuid():N}.db")}";
        var keys = Path.Combine(Path.GetTempPath(), $"makini-keys-{Guid.NewGuid():N}");
        ServerHost Host(string keysFolder) =>
            new(
                "Sqlite",
                database,
                new Dictionary<string, string> { ["DataProtection:KeysFolder"] = keysFolder }
            );
        await using (var first = Host(keys))
        {
            await CreateAsync(first.ClientWithKey(), MaintainX(fake));
            (
                await InDatabaseAsync(first, db => db.Connections.SingleAsync(Ct))
            ).ProtectedCredentials.ShouldNotContain(MaintainXFake.ApiKey);
        }

        await using var withoutKeys = Host(
            Path.Combine(Path.GetTempPath(), $"makini-keys-{Guid.NewGuid():N}")
        );
        var refused = Should.Throw<Exception>(() => withoutKeys.CreateClient()).ToString();
        refused.ShouldContain("the credentials of connection con_");
        refused.ShouldContain("cannot be decrypted");
    }
}

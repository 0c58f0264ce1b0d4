using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Tests.Connections;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Makini.Flows.Server.Tests.Api;

/// <summary>
/// The OpenAPI document (<c>/api/openapi.json</c>) says what each operation takes and how it fails: the key it wants
/// (401 and 403 as problems), its body (also when the endpoint reads it by hand), its problem answers.
/// </summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    /// <summary>The operations of the document that need no key (public hooks and health are not in it).</summary>
    private static readonly HashSet<string> Anonymous = ["GET /api/schemas/flow.json"];

    private readonly ServerHost _host = TestDatabases.Sqlite().Server();
    private JsonObject _document = null!;

    public async ValueTask InitializeAsync() =>
        _document = (
            await _host
                .ClientWithKey(null)
                .GetFromJsonAsync<JsonObject>(
                    "/api/openapi.json",
                    TestContext.Current.CancellationToken
                )
        )!;

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private IEnumerable<(string Key, JsonObject Operation)> Operations() =>
        from path in _document["paths"]!.AsObject()
        from method in path.Value!.AsObject()
        where Methods.Contains(method.Key)
        select ($"{method.Key.ToUpperInvariant()} {path.Key}", method.Value!.AsObject());

    private JsonObject Operation(string key) => Operations().Single(o => o.Key == key).Operation;

    private JsonObject Resolve(JsonNode schema) =>
        schema["$ref"] is { } reference
            ? _document["components"]!["schemas"]![
                reference.GetValue<string>()["#/components/schemas/".Length..]
            ]!.AsObject()
            : schema.AsObject();

    [Fact]
    public void Every_operation_answers_something_and_every_problem_is_problem_json()
    {
        var operations = Operations().ToList();
        operations.Count.ShouldBeGreaterThan(100);
        foreach (var (key, operation) in operations)
        {
            var responses = operation["responses"]?.AsObject();
            responses.ShouldNotBeNull(key);
            responses.Select(r => r.Key).ShouldContain(status => status.StartsWith('2'), key);
            foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
                response!["content"]!
                    .AsObject()
                    .Select(c => c.Key)
                    .ShouldBe(["application/problem+json"], $"{key} {status}");
        }
    }

    [Fact]
    public void Operations_that_want_a_key_say_so_with_401_and_403_and_the_others_do_not()
    {
        _document["security"].ShouldBeNull(); // per operation: the flow schema is public
        var scheme = _document["components"]!["securitySchemes"]!["ApiKey"]!;
        scheme["type"]!.GetValue<string>().ShouldBe("http");
        scheme["scheme"]!.GetValue<string>().ShouldBe("bearer");

        var anonymous = new List<string>();
        foreach (var (key, operation) in Operations())
        {
            var responses = operation["responses"]!.AsObject();
            if (operation["security"] is null)
            {
                anonymous.Add(key);
                responses.ContainsKey("401").ShouldBeFalse(key);
                responses.ContainsKey("403").ShouldBeFalse(key);
                continue;
            }
            operation["security"]!.ToJsonString().ShouldBe("""[{"ApiKey":[]}]""", key);
            foreach (var status in new[] { "401", "403" })
                responses[status]
                    ?["content"]?["application/problem+json"]?["schema"].ShouldNotBeNull(
                        $"{key} {status}"
                    );
        }
        anonymous.ShouldBe(Anonymous, ignoreOrder: true);
        Resolve(
            Operation("GET /api/flows")["responses"]!["403"]!["content"]![
                "application/problem+json"
            ]!["schema"]!
        )["properties"]!
            .AsObject()
            .Select(p => p.Key)
            .ShouldBeSubsetOf(["type", "title", "status", "detail", "instance"]);
        Operation("GET /api/runs")["responses"]!["403"]!["description"]!
            .GetValue<string>()
            .ShouldContain("admin or runner key");
        Operation("GET /api/keys")["responses"]!["403"]!["description"]!
            .GetValue<string>()
            .ShouldContain("admin key only");
    }

    [Fact]
    public void Bodies_read_by_hand_are_declared()
    {
        var publish = Operation("POST /api/events")["requestBody"]!;
        Resolve(publish["content"]!["application/json"]!["schema"]!)["properties"]!
            .AsObject()
            .Select(p => p.Key)
            .ShouldBe(["type", "connectionId", "data"]);
        Resolve(publish["content"]!["application/json"]!["schema"]!)["required"]!
            .AsArray()
            .Select(r => r!.GetValue<string>())
            .ShouldBe(["type"]);
        foreach (
            var key in new[]
            {
                "POST /api/flows",
                "PUT /api/flows/{id}",
                "POST /api/flows/validate",
                "POST /api/flows/import",
                "POST /api/flows/{flowId}/runs",
                "POST /api/runs/{id}/bookmarks/{bookmarkId}/resume",
                "POST /api/connections/{id}/mappings/import",
                "PUT /api/connections/{id}/mappings/{entity}",
                "POST /api/connections/{id}/mappings/{entity}/preview",
                "POST /api/connections/{id}/mappings/{entity}/revert",
            }
        )
        {
            var body = Operation(key)["requestBody"];
            body?["content"]?["application/json"]?["schema"].ShouldNotBeNull(key);
            body!["description"].ShouldNotBeNull(key);
        }
        Resolve(
            Operation("POST /api/flows")["requestBody"]!["content"]!["application/json"]!["schema"]!
        )["properties"]!
            ["activities"]
            .ShouldNotBeNull();
        Operation("POST /api/flows/import")["requestBody"]!["content"]!
            .AsObject()
            .Select(c => c.Key)
            .ShouldBe(["application/json", "multipart/form-data"], ignoreOrder: true);
        // No input is an input: the body of a run is optional.
        (
            Operation("POST /api/flows/{flowId}/runs")["requestBody"]!["required"]?.GetValue<bool>()
            ?? false
        ).ShouldBeFalse();
    }

    [Fact]
    public void Operations_declare_the_problems_they_can_answer()
    {
        foreach (
            var (key, operation) in Operations().Where(o => o.Operation["requestBody"] is not null)
        )
        {
            operation["responses"]!.AsObject().ContainsKey("400").ShouldBeTrue(key);
            operation["responses"]!.AsObject().ContainsKey("413").ShouldBeTrue(key);
        }
        Statuses("GET /api/flows/{id}").ShouldContain("404");
        Statuses("GET /api/runs").ShouldContain("400");
        Statuses("POST /api/flows/{flowId}/runs")
            .ShouldBe(["201", "400", "401", "403", "404", "409", "413"], ignoreOrder: true);
        Statuses("POST /api/flows/{id}/publish").ShouldContain("409");
        Statuses("POST /api/runs/{id}/retry").ShouldContain("409");
        // A handler that cannot answer a problem does not claim one: the live events stream, the flow list.
        Statuses("GET /api/runs/{id}/events").ShouldBe(["200", "401", "403"], ignoreOrder: true);
        Statuses("GET /api/flows").ShouldBe(["200", "401", "403"], ignoreOrder: true);
    }

    [Fact]
    public async Task Describing_a_body_read_by_hand_changes_nothing_a_client_may_send()
    {
        // Accepts() would also make routing answer 415 to any other content type: a flow sent as text, files.
        foreach (var endpoint in _host.Services.GetRequiredService<EndpointDataSource>().Endpoints)
            if (endpoint.Metadata.GetMetadata<RequestBodyDescription>() is not null)
                endpoint
                    .Metadata.GetMetadata<IAcceptsMetadata>()
                    .ShouldBeNull(endpoint.DisplayName);
        var admin = _host.ClientWithKey();
        var ct = TestContext.Current.CancellationToken;
        var flow = File.ReadAllText(
            Path.Combine(
                ServerHost.RepositoryRoot(),
                "flows-samples",
                "work-order-triage.flow.json"
            )
        );

        var asText = await admin.PostAsync(
            "/api/flows/validate",
            new StringContent(flow, Encoding.UTF8, "text/plain"),
            ct
        );
        using var files = new MultipartFormDataContent
        {
            {
                new StringContent(flow, Encoding.UTF8, "application/json"),
                "files",
                "triage.flow.json"
            },
        };
        var uploaded = await admin.PostAsync("/api/flows/import", files, ct);
        var noInput = await admin.PostAsync("/api/flows/no-such-flow/runs", null, ct);

        asText.StatusCode.ShouldBe(HttpStatusCode.OK, await asText.Content.ReadAsStringAsync(ct));
        uploaded.StatusCode.ShouldBe(
            HttpStatusCode.OK,
            await uploaded.Content.ReadAsStringAsync(ct)
        );
        noInput.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private List<string> Statuses(string key) =>
        Operation(key)["responses"]!.AsObject().Select(r => r.Key).ToList();
}

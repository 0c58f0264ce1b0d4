using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Designer.Tests.Infrastructure;

namespace Makini.Flows.Designer.Tests;

/// <summary>The server's side of the designer: static files, the client-route fallback, live validation.</summary>
[Collection("designer")]
public sealed class ServingTests(DesignerFixture fixture)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/flows/some-flow")]
    [InlineData("/connections")]
    [InlineData("/connections/con_1")]
    [InlineData("/connectors/demo-cmms/connect")]
    public async Task Client_routes_get_the_designer(string path)
    {
        var response = await fixture.Api.GetAsync(path, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)
        ).ShouldContain("<div id=\"root\">");
    }

    [Theory]
    [InlineData("/api/no-such-thing", HttpStatusCode.NotFound)]
    [InlineData("/hooks/no-such-hook", HttpStatusCode.NotFound)]
    [InlineData("/assets/missing.js", HttpStatusCode.NotFound)]
    public async Task Api_hooks_and_missing_files_are_not_answered_with_the_designer(
        string path,
        HttpStatusCode expected
    )
    {
        var response = await fixture.Api.GetAsync(path, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(expected);
        response.Content.Headers.ContentType?.MediaType.ShouldNotBe("text/html");
    }

    [Fact]
    public async Task Health_is_not_answered_with_the_designer()
    {
        var response = await fixture.Api.GetAsync("/health", TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
    }

    [Fact]
    public async Task Validate_returns_every_problem_with_its_pointer_and_stores_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var body = new StringContent(
            """
            {
              "$schema": "https://schemas.makini.io/flows/flow-v1.json",
              "id": "checked-only",
              "name": "Checked only",
              "activities": [
                { "id": "start", "type": "Start", "inputs": {} },
                { "id": "check", "type": "If", "inputs": { "condition": { "js": "input.a >" } } }
              ],
              "connections": [{ "source": "start", "sourcePort": "Done", "target": "check" }]
            }
            """,
            System.Text.Encoding.UTF8,
            "application/json"
        );
        var response = await fixture.Api.PostAsync("/api/flows/validate", body, ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!;
        ((bool)result["valid"]!).ShouldBeFalse();
        var problem = result["problems"]!
            .AsArray()
            .Single(p => (string)p!["severity"]! == "error")!;
        ((string)problem["pointer"]!).ShouldBe("/activities/1/inputs/condition/js");
        ((int)problem["line"]!).ShouldBe(1);
        (await fixture.Api.GetAsync("/api/flows/checked-only", ct)).StatusCode.ShouldBe(
            HttpStatusCode.NotFound
        );
    }
}

using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Json.Schema;
using Makini.Flows.Server.Tests.Connections;

namespace Makini.Flows.Server.Tests.Api;

/// <summary>
/// The flow schema as served (<c>GET /api/schemas/flow.json</c>, no key) read by another JSON Schema implementation
/// (JsonSchema.Net): a valid draft-07 schema that every sample flow meets; and the integers of a flow written as JSON
/// Schema allows (<c>1.0</c>, <c>1e2</c>) accepted by the API end to end.
/// </summary>
public sealed class FlowSchemaTests : IAsyncDisposable
{
    private readonly ServerHost _host = TestDatabases.Sqlite().Server();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private static string Flow(string id, string days) =>
        $$"""
            {
              "$schema": "https://schemas.makini.io/flows/flow-v1.json",
              "id": "{{id}}",
              "name": "Whole numbers",
              "activities": [{ "id": "start", "type": "Start" }],
              "settings": { "retainRunsDays": {{days}}, "maxConcurrentRuns": 2.0 }
            }
            """;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonNode> BodyAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

    /// <summary>Every failed check (those of alternatives that another one met too): to read when invalid.</summary>
    private static string Failures(EvaluationResults results) =>
        string.Join(
            "\n",
            results
                .Details.Where(d => !d.IsValid && d.Errors is { Count: > 0 })
                .SelectMany(d =>
                    d.Errors!.Select(e =>
                        $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"
                    )
                )
        );

    [Fact]
    public async Task The_served_schema_is_valid_draft_07_and_every_sample_flow_meets_it()
    {
        var served = await _host.ClientWithKey(null).GetAsync("/api/schemas/flow.json", Ct);
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = await served.Content.ReadAsStringAsync(Ct);
        var options = new EvaluationOptions
        {
            EvaluateAs = SpecVersion.Draft7,
            OutputFormat = OutputFormat.List,
        };

        var againstMeta = MetaSchemas.Draft7.Evaluate(JsonNode.Parse(text), options);
        againstMeta.IsValid.ShouldBeTrue(Failures(againstMeta));

        var schema = JsonSchema.FromText(text);
        var samples = Directory.GetFiles(
            Path.Combine(ServerHost.RepositoryRoot(), "flows-samples"),
            "*.flow.json"
        );
        samples.Length.ShouldBeGreaterThan(5);
        foreach (var sample in samples)
        {
            var results = schema.Evaluate(JsonNode.Parse(File.ReadAllText(sample)), options);
            results.IsValid.ShouldBeTrue($"{Path.GetFileName(sample)}: {Failures(results)}");
        }

        // The same validator tells integers as JSON Schema does, and refuses what the server refuses.
        schema.Evaluate(JsonNode.Parse(Flow("f", "1e2")), options).IsValid.ShouldBeTrue();
        schema.Evaluate(JsonNode.Parse(Flow("f", "1.5")), options).IsValid.ShouldBeFalse();
    }

    [Theory]
    [InlineData("30.0", 30)]
    [InlineData("1e2", 100)]
    public async Task Whole_numbers_written_with_a_point_or_an_exponent_are_valid_created_and_imported(
        string days,
        int expected
    )
    {
        var admin = _host.ClientWithKey();

        var validated = await BodyAsync(
            await admin.PostAsync("/api/flows/validate", Json(Flow("checked", days)), Ct)
        );
        var created = await admin.PostAsync("/api/flows", Json(Flow("created", days)), Ct);
        var imported = await admin.PostAsync(
            "/api/flows/import?publish=true",
            Json(Flow("imported", days)),
            Ct
        );

        validated["valid"]!.GetValue<bool>().ShouldBeTrue(validated.ToJsonString());
        created.StatusCode.ShouldBe(
            HttpStatusCode.Created,
            await created.Content.ReadAsStringAsync(Ct)
        );
        imported.StatusCode.ShouldBe(
            HttpStatusCode.OK,
            await imported.Content.ReadAsStringAsync(Ct)
        );
        foreach (var id in new[] { "created", "imported" })
        {
            var export = await admin.GetStringAsync($"/api/flows/{id}/export", Ct);
            var settings = JsonNode.Parse(export)!["settings"]!;
            settings["retainRunsDays"]!.ToJsonString().ShouldBe(expected.ToString());
            settings["maxConcurrentRuns"]!.ToJsonString().ShouldBe("2");
        }
    }

    [Fact]
    public async Task A_fraction_where_the_format_wants_an_integer_is_refused_with_its_pointer()
    {
        var admin = _host.ClientWithKey();

        var validated = await BodyAsync(
            await admin.PostAsync("/api/flows/validate", Json(Flow("checked", "1.5")), Ct)
        );
        var created = await admin.PostAsync("/api/flows", Json(Flow("created", "1.5")), Ct);
        var imported = await admin.PostAsync(
            "/api/flows/import",
            Json(Flow("imported", "1.5")),
            Ct
        );

        validated["valid"]!.GetValue<bool>().ShouldBeFalse();
        validated["problems"]!
            .AsArray()
            .ShouldContain(p =>
                p!["pointer"]!.GetValue<string>() == "/settings/retainRunsDays"
                && p["message"]!.GetValue<string>().Contains("expected integer")
            );
        foreach (var refused in new[] { created, imported })
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await BodyAsync(refused))["errors"]!
                .AsArray()
                .Select(e => e!["pointer"]!.GetValue<string>())
                .ShouldContain("/settings/retainRunsDays");
        }
        (await admin.GetAsync("/api/flows/created", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.NotFound
        );
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Makini.Flows.Hostile.Tests.Support;
using static Makini.Flows.Hostile.Tests.Support.ServerMemory;

namespace Makini.Flows.Hostile.Tests;

/// <summary>
/// Documents and scripts written to break parsing and validation (deep nesting, numbers beyond any type,
/// lone surrogates, nulls where objects belong, megabyte scripts): the server answers with a problem that
/// points at the place, never with a 500, and goes on serving.
/// </summary>
[Collection(OneAtATime.Name)]
public sealed class ValidationBombTests(HostileServer server, ITestOutputHelper output)
    : IClassFixture<HostileServer>
{
    public static TheoryData<string, string> DeepJavaScript =>
        new()
        {
            { "300 + terms", string.Join(" + ", Enumerable.Repeat("1", 300)) },
            { "15,000 nested arrays", new string('[', 15_000) + new string(']', 15_000) },
            {
                "15,000 nested objects",
                "("
                    + string.Concat(Enumerable.Repeat("{a:", 15_000))
                    + "1"
                    + new string('}', 15_000)
                    + ")"
            },
            {
                "10,000 nested template substitutions",
                string.Concat(Enumerable.Repeat("`${", 10_000))
                    + "1"
                    + string.Concat(Enumerable.Repeat("}`", 10_000))
            },
        };

    [Theory]
    [MemberData(nameof(DeepJavaScript))]
    public async Task Deeply_nested_javascript_gets_a_problem(string what, string script)
    {
        using var response = await server.Client.ValidateAsync("js", script);

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        output.WriteLine($"{what}: {(int)response.StatusCode} {body}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        ProblemAssertions
            .ProblemsShouldBeReadable(JsonNode.Parse(body)!)
            .ShouldContain(message => message.Contains("nests deeper than 100 levels"));
        await server.ShouldStillServeAsync();
    }

    private const string ImportPath = "/api/flows/import?publish=true";
    private const string LoneSurrogate = "\"\\ud800\"";
    private const string BeyondInt64 = "99999999999999999999999";

    public static TheoryData<string, string, string> HostileDocuments =>
        new()
        {
            {
                "1e400 in a position",
                Raw(
                    flow =>
                        flow["activities"]![0]!["position"] = new JsonObject
                        {
                            ["x"] = ScriptFlows.RawSlot,
                            ["y"] = 0,
                        },
                    "1e400"
                ),
                "/activities/0/position/x"
            },
            { "1e400 as a literal", Raw(Literal, "1e400"), LiteralPointer },
            {
                "an integer beyond int64 in a number slot",
                Raw(
                    flow =>
                        flow["settings"] = new JsonObject
                        {
                            ["retainRunsDays"] = ScriptFlows.RawSlot,
                        },
                    BeyondInt64
                ),
                "/settings/retainRunsDays"
            },
            { "an integer beyond int64 as a literal", Raw(Literal, BeyondInt64), LiteralPointer },
            {
                "a lone surrogate in an import array",
                "[" + Raw(flow => flow["name"] = ScriptFlows.RawSlot, LoneSurrogate) + "]",
                "/0/name"
            },
            { "a lone surrogate in a literal", Raw(Literal, LoneSurrogate), LiteralPointer },
            {
                "a null activity",
                Raw(flow => flow["activities"]![0] = ScriptFlows.RawSlot, "null"),
                "/activities/0"
            },
            {
                "a null input expression",
                Raw(
                    flow => flow["activities"]![1]!["inputs"]!["value"] = ScriptFlows.RawSlot,
                    "null"
                ),
                "/activities/1/inputs/value"
            },
        };

    private const string LiteralPointer = "/activities/1/inputs/value/literal";

    [Theory]
    [MemberData(nameof(HostileDocuments))]
    public async Task A_hostile_document_is_refused_with_a_problem_at_its_place(
        string what,
        string json,
        string pointer
    )
    {
        using var response = await server.Client.PostTextAsync(ImportPath, json);

        output.WriteLine($"{what}: {await response.ShouldBeAProblemAtAsync(pointer)}");
        await server.ShouldStillServeAsync();
    }

    [Theory]
    [InlineData(
        "/api/flows/" + HostileServer.BenignFlow + "/runs",
        "{ \"a\": " + LoneSurrogate + " }"
    )]
    [InlineData(
        "/api/events",
        "{ \"type\": \"system.error\", \"data\": { \"message\": " + LoneSurrogate + " } }"
    )]
    public async Task A_request_body_with_a_lone_surrogate_is_refused(string path, string json)
    {
        using var response = await server.Client.PostTextAsync(path, json);

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        output.WriteLine(body);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        body.ShouldContain("unpaired UTF-16 surrogate");
        await server.ShouldStillServeAsync();
    }

    [Fact]
    public async Task Three_hundred_megabyte_scripts_are_refused_by_the_size_limit_without_swelling_the_server()
    {
        await server.BenignJavaScriptRunShouldBeExactAsync();
        var before = server.ResidentBytes();

        await Repeated.RunAsync(
            300,
            4,
            async i =>
            {
                var script = $"// {i}\n" + new string('x', 1024 * 1024);
                using var response = await server.Client.ValidateAsync("js", script);
                var body = await response.Content.ReadAsStringAsync(
                    TestContext.Current.CancellationToken
                );
                response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
                ProblemAssertions
                    .ProblemsShouldBeReadable(JsonNode.Parse(body)!)
                    .ShouldContain(
                        message => message.Contains("longer than 65,536 characters"),
                        body
                    );
            }
        );

        var after = server.ResidentBytes();
        output.WriteLine(
            $"server RSS before 300 distinct 1 MB scripts: {before / Megabyte} MB, after: {after / Megabyte} MB"
        );
        after.ShouldBeLessThan(before + 150 * Megabyte);
        await server.ShouldStillServeJavaScriptAsync();
    }

    /// <summary>A flow evaluating JavaScript, with <paramref name="raw"/> where <paramref name="place"/> puts the slot.</summary>
    private static string Raw(Action<JsonObject> place, string raw)
    {
        var flow = ScriptFlows.Evaluating("bomb", "1", "js");
        place(flow);
        return ScriptFlows.WithRawJson(flow, raw);
    }

    private static void Literal(JsonObject flow) =>
        flow["activities"]![1]!["inputs"]!["value"] = new JsonObject
        {
            ["literal"] = ScriptFlows.RawSlot,
        };
}

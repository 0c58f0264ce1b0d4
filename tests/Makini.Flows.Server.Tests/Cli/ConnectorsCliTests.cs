using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Engine.Validation;
using Makini.Flows.Server.Cli;
using Makini.Flows.Tests.Shared;

namespace Makini.Flows.Server.Tests.Cli;

/// <summary><c>connectors validate</c> and <c>connectors from-openapi</c>, run as the server executable runs them.</summary>
public sealed class ConnectorsCliTests : IDisposable
{
    private static readonly string Connectors = Path.Combine(
        TestServer.RepositoryRoot(),
        "connectors"
    );

    private static readonly string MaintainXSpec = Path.Combine(
        TestServer.RepositoryRoot(),
        "tests",
        "Makini.Flows.Connectors.Tests",
        "TestData",
        "maintainx-openapi.json"
    );

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("makini-connectors-");

    public void Dispose() => _folder.Delete(recursive: true);

    private static async Task<(int Code, string Output, string Errors)> RunAsync(
        params string[] args
    )
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = await CliCommands.RunAsync(
            args,
            output,
            errors,
            TestContext.Current.CancellationToken
        );
        return (code, output.ToString(), errors.ToString());
    }

    private static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public async Task Validate_accepts_the_shipped_connectors()
    {
        var (code, output, _) = await RunAsync("connectors", "validate", Connectors);

        code.ShouldBe(CliCommands.Ok, output);
        output.ShouldContain("maintainx.json: ok");
        Lines(output)[^1].ShouldContain("0 with problems");
    }

    [Fact]
    public async Task Validate_reports_each_problem_with_its_file_pointer_line_and_column()
    {
        var manifest = JsonNode.Parse(
            File.ReadAllText(Path.Combine(Connectors, "maintainx.json"))
        )!;
        File.WriteAllText(Path.Combine(_folder.FullName, "good.json"), manifest.ToJsonString());
        manifest["id"] = "broken";
        manifest["authentication"] = new JsonObject
        {
            ["type"] = "basic",
            ["username"] = "{{credentials.apiKey}}",
        };
        var broken = Path.Combine(_folder.FullName, "broken.json");
        File.WriteAllText(broken, manifest.ToJsonString(new() { WriteIndented = true }));

        var (code, output, _) = await RunAsync("connectors", "validate", _folder.FullName);

        code.ShouldBe(CliCommands.Failed);
        var problem = Lines(output).Where(l => l.StartsWith(broken)).ShouldHaveSingleItem();
        problem.ShouldMatch(
            @": /authentication/password \(line \d+, column \d+\): required property 'password' is missing$"
        );
        output.ShouldContain("good.json: ok");
        Lines(output)[^1].ShouldBe("2 manifest(s), 1 with problems, 1 problem(s)");
    }

    [Fact]
    public async Task Validate_places_a_problem_the_schema_cannot_see_at_its_line()
    {
        var file = Path.Combine(_folder.FullName, "maintainx.json");
        File.WriteAllText(
            file,
            File.ReadAllText(Path.Combine(Connectors, "maintainx.json"))
                .Replace("{{credentials.apiKey}}", "{{credentials.apiToken}}")
        );
        var line = File.ReadAllLines(file).ToList().FindIndex(l => l.Contains("apiToken")) + 1;

        var (code, output, _) = await RunAsync("connectors", "validate", file);

        code.ShouldBe(CliCommands.Failed);
        output.ShouldContain($"{file}: /authentication/token (line {line}, column 5): ");
        output.ShouldContain("apiToken");
    }

    [Fact]
    public async Task From_openapi_drafts_maintainx_into_a_file_that_validates()
    {
        var draft = Path.Combine(_folder.FullName, "maintainx-draft.json");

        var (code, output, errors) = await RunAsync(
            "connectors",
            "from-openapi",
            MaintainXSpec,
            "--id",
            "maintainx-draft",
            "--name",
            "MaintainX (draft)",
            "--out",
            draft
        );

        code.ShouldBe(CliCommands.Ok, errors);
        output.ShouldStartWith($"wrote {draft}: 11 stream(s)");
        errors.ShouldContain(
            "skipped GET /assetstatuses: no unified entity is called 'assetstatuses'"
        );
        errors.ShouldContain("warning: header x-organization-id identifies a tenant");
        var problems = new List<FlowProblem>();
        var manifest = ManifestReader.Read(File.ReadAllText(draft), problems).ShouldNotBeNull();
        (manifest.Id, manifest.Name).ShouldBe(("maintainx-draft", "MaintainX (draft)"));
        var validated = await RunAsync("connectors", "validate", draft);
        validated.Code.ShouldBe(CliCommands.Ok, validated.Output);
    }

    [Fact]
    public async Task From_openapi_prints_the_draft_when_no_file_is_given()
    {
        var (code, output, _) = await RunAsync("connectors", "from-openapi", MaintainXSpec);

        code.ShouldBe(CliCommands.Ok);
        JsonNode.Parse(output)!["id"]!.GetValue<string>().ShouldBe("maintainx");
    }

    [Theory]
    [InlineData("connectors")]
    [InlineData("connectors", "validate")]
    [InlineData("connectors", "from-openapi")]
    [InlineData("connectors", "from-openapi", "no-such-spec.json")]
    [InlineData("connectors", "validate", "no-such-folder")]
    public async Task Wrong_usage_says_how_and_exits_with_2(params string[] args)
    {
        var (code, _, errors) = await RunAsync(args);

        code.ShouldBe(CliCommands.Usage);
        errors.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_document_nothing_can_be_drafted_from_exits_with_1_and_says_why()
    {
        var spec = Path.Combine(_folder.FullName, "spec.json");
        File.WriteAllText(spec, """{ "swagger": "2.0", "paths": {} }""");

        var (code, output, errors) = await RunAsync("connectors", "from-openapi", spec);

        code.ShouldBe(CliCommands.Failed);
        output.ShouldBeEmpty();
        errors.ShouldContain("Swagger 2.0");
    }
}

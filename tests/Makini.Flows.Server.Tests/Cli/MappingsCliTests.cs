using Makini.Flows.Server.Cli;
using Makini.Flows.Tests.Shared;

namespace Makini.Flows.Server.Tests.Cli;

/// <summary><c>mappings validate</c>: mapping documents and exported files checked as a save would, without a server.</summary>
public sealed class MappingsCliTests : IDisposable
{
    private static readonly string Connectors = Path.Combine(
        TestServer.RepositoryRoot(),
        "connectors"
    );

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("makini-mappings-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

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

    [Fact]
    public async Task A_valid_document_passes_and_a_broken_one_lists_every_problem_where_it_is()
    {
        var good = Write(
            "good.json",
            """
            {
              "entity": "work-orders",
              "fields": { "title": "/description" },
              "customFields": { "costCenter": { "type": "string", "js": "'CC-' + raw.siteId" } }
            }
            """
        );
        var bad = Write(
            "bad.json",
            """
            {
              "entity": "work-orders",
              "fields": {
                "titel": "/title",
                "severity": { "js": "raw.priority ===" }
              }
            }
            """
        );

        var (code, output, _) = await RunAsync(
            "mappings",
            "validate",
            good,
            bad,
            "--connector",
            "demo-cmms",
            "--connectors",
            Connectors
        );

        code.ShouldBe(CliCommands.Failed);
        output.ShouldContain($"{good}: ok");
        output.ShouldContain($"{bad}: /fields/titel (line 4, column");
        output.ShouldContain("work-orders have no field 'titel'");
        output.ShouldContain($"{bad}: /fields/severity/js (line 1, column");
        output.ShouldContain("2 file(s), 1 with problems");
    }

    [Fact]
    public async Task An_exported_file_is_checked_entity_by_entity_against_its_connector()
    {
        var file = Write(
            "export.json",
            """
            {
              "format": "makini-flows/mappings@1",
              "connector": "demo-cmms",
              "entities": {
                "work-orders": { "fields": { "title": "/description" } },
                "assets": { "fields": { "nope": "/x" } }
              }
            }
            """
        );

        var (code, output, _) = await RunAsync(
            "mappings",
            "validate",
            file,
            "--connectors",
            Connectors
        );

        code.ShouldBe(CliCommands.Failed);
        output.ShouldContain("/entities/assets/fields/nope");
        output.ShouldNotContain("/entities/work-orders");
    }

    [Fact]
    public async Task Without_a_connector_it_says_which_one_to_name()
    {
        var file = Write("doc.json", """{ "entity": "work-orders" }""");
        var (code, output, _) = await RunAsync("mappings", "validate", file);
        code.ShouldBe(CliCommands.Failed);
        output.ShouldContain("--connector ID");
        (await RunAsync("mappings")).Code.ShouldBe(CliCommands.Usage);
    }
}

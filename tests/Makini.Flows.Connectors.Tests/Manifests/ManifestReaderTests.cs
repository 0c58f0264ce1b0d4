using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Connectors.Tests.Manifests;

public sealed class ManifestReaderTests
{
    [Fact]
    public void Every_shipped_manifest_reads_without_a_problem()
    {
        var (catalog, problems) = ConnectorCatalog.Load(RepositoryFolders.Connectors);

        problems.ShouldBeEmpty(string.Join("\n", problems));
        catalog.Find("maintainx").ShouldNotBeNull().Stream("work-orders").ShouldNotBeNull();
    }

    [Fact]
    public void A_manifest_with_mistakes_gets_each_with_its_pointer()
    {
        var manifest = MaintainX();
        manifest["authentication"] = new JsonObject { ["type"] = "basic", ["username"] = "x" };
        manifest["streams"]![0]!["pagination"] = new JsonObject { ["type"] = "pages" };

        var problems = Read(manifest);

        problems.ShouldContain(
            p => p.Pointer == "/authentication/password" && p.Message.Contains("missing"),
            string.Join("\n", problems)
        );
        problems.ShouldContain(p =>
            p.Pointer == "/streams/0/pagination/type" && p.Message.Contains("\"cursor\"")
        );
    }

    [Fact]
    public void A_template_naming_an_undeclared_credential_field_is_refused()
    {
        var manifest = MaintainX();
        manifest["authentication"] = new JsonObject
        {
            ["type"] = "bearer",
            ["token"] = "{{credentials.apiToken}}",
        };

        var problem = Read(manifest).ShouldHaveSingleItem();

        problem.Pointer.ShouldBe("/authentication/token");
        problem.Message.ShouldContain("apiToken");
    }

    [Fact]
    public void Two_streams_for_one_entity_are_refused()
    {
        var manifest = MaintainX();
        var streams = manifest["streams"]!.AsArray();
        streams.Add(streams[0]!.DeepClone());

        var problem = Read(manifest).ShouldHaveSingleItem();

        problem.Pointer.ShouldBe($"/streams/{streams.Count - 1}/entity");
        problem.Message.ShouldContain("work-orders");
    }

    [Fact]
    public void A_duration_that_is_not_iso_8601_is_refused()
    {
        var manifest = MaintainX();
        manifest["rateLimit"]!["interval"] = "5 minutes";

        Read(manifest).ShouldHaveSingleItem().Pointer.ShouldBe("/rateLimit/interval");
    }

    [Fact]
    public void Array_rules_that_do_not_fit_get_each_problem_with_its_pointer()
    {
        var manifest = MaintainX();
        var mapping = manifest["streams"]![0]!["mapping"]!.AsObject();
        mapping["tasks"] = JsonNode.Parse(
            """
            {"type": "string", "items": {
              "title": "/name",
              "checkList": {"path": "/checks", "items": {"label": "/l"}},
              "code": {"path": "/code", "items": {"x": "/x"}}
            }}
            """
        );
        mapping["title"] = JsonNode.Parse("""{"path": "/title", "items": {"x": "/x"}}""");

        var problems = Read(manifest).Select(p => (p.Pointer, p.Message)).ToList();

        var text = string.Join("\n", problems);
        problems.ShouldContain(p => p.Pointer == "/streams/0/mapping/tasks/path", text);
        problems.ShouldContain(
            p => p.Pointer == "/streams/0/mapping/tasks/type" && p.Message.Contains("items"),
            text
        );
        problems.ShouldContain(
            p =>
                p.Pointer == "/streams/0/mapping/tasks/items/code/items"
                && p.Message.Contains("not an array"),
            text
        );
        problems.ShouldContain(
            p =>
                p.Pointer == "/streams/0/mapping/title/items"
                && p.Message.Contains("its arrays: tasks, documents, resources"),
            text
        );
    }

    [Fact]
    public void A_wrong_value_deep_in_an_item_mapping_gets_its_own_pointer()
    {
        var manifest = MaintainX();
        manifest["streams"]![0]!["mapping"]!["tasks"] = JsonNode.Parse(
            """{"path": "/steps", "items": {"checkList": {"path": "/checks", "items": {"label": 5}}}}"""
        );

        var problem = Read(manifest).ShouldHaveSingleItem();

        problem.Pointer.ShouldBe("/streams/0/mapping/tasks/items/checkList/items/label");
        problem.Message.ShouldContain("string");
    }

    [Fact]
    public void A_well_formed_array_rule_reads()
    {
        var manifest = MaintainX();
        manifest["streams"]![0]!["mapping"]!["tasks"] = JsonNode.Parse(
            """{"path": "/steps", "items": {"key": "/id", "checkList": {"path": "/checks", "items": {"label": "/l"}}}}"""
        );

        ManifestReader.Read(manifest.ToJsonString(), []).ShouldNotBeNull();
    }

    [Fact]
    public void Text_that_is_not_json_gets_its_line_and_column()
    {
        var problems = new List<FlowProblem>();

        ManifestReader
            .Read("{\n  \"id\": \"x\",\n  \"name\": \"x\" \"vendor\"\n}", problems)
            .ShouldBeNull();

        var problem = problems.ShouldHaveSingleItem();
        problem.Line.ShouldBe(3, problem.ToString());
        problem.Message.ShouldStartWith("not valid JSON");
    }

    private static JsonObject MaintainX() =>
        JsonNode
            .Parse(File.ReadAllText(Path.Combine(RepositoryFolders.Connectors, "maintainx.json")))!
            .AsObject();

    private static List<FlowProblem> Read(JsonObject manifest)
    {
        var problems = new List<FlowProblem>();
        ManifestReader.Read(manifest.ToJsonString(), problems).ShouldBeNull();
        return problems;
    }
}

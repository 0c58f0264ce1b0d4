using Makini.Flows.Engine.Schema;
using Makini.Flows.Engine.Tests.Support;

namespace Makini.Flows.Engine.Tests.Format;

public sealed class SchemaTests
{
    [Fact]
    public void Committed_schema_matches_the_one_generated_from_the_model()
    {
        var committed = File.ReadAllText(
            Path.Combine(TestFlows.RepositoryRoot(), "schemas", "flow.schema.json")
        );

        committed.ShouldBe(
            FlowSchema.Json,
            "schemas/flow.schema.json is stale: regenerate it with `dotnet run --project Makini.Flows.Server -- schema --out schemas/flow.schema.json`"
        );
    }

    [Fact]
    public void Schema_describes_inputs_as_exactly_one_of_four_kinds()
    {
        var inputSchema = FlowSchema.Schema.Definitions["InputExpression"];

        inputSchema
            .OneOf.Select(branch => branch.RequiredProperties.Single())
            .ShouldBe(["literal", "variable", "js", "cs"]);
    }
}

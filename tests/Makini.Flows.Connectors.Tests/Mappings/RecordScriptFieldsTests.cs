using System.Text.Json;
using Makini.Flows.Engine.Expressions.Records;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Connectors.Tests.Mappings;

/// <summary>
/// A record script that names the fields of <c>raw</c> it reads gets only those (the source record is not converted
/// whole); any other use of <c>raw</c> gets the whole record, and the script's value is the same either way.
/// </summary>
public sealed class RecordScriptFieldsTests
{
    private static readonly FlowEngine Engine = new();

    private const string Raw = """
        {"id": "WO-1", "siteId": "S1", "priority": "high", "tasks": [{"title": "Isolate"}], "constructor": "c"}
        """;

    [Theory]
    [InlineData("'CC-' + raw.siteId", "siteId")]
    [InlineData("raw?.siteId + raw['priority'] + raw[\"id\"]", "siteId,priority,id")]
    [InlineData("raw.tasks[0].title + raw.siteId.length", "tasks,siteId")]
    [InlineData("record.title + raw.siteId", "siteId")]
    [InlineData("Object.keys(raw).length", null)]
    [InlineData("JSON.stringify(raw)", null)]
    [InlineData("raw[raw.siteId]", null)]
    [InlineData("raw.hasOwnProperty('siteId')", null)]
    [InlineData("raw.constructor", null)]
    [InlineData("raw.siteId + input.priority", null)]
    [InlineData("raw.siteId + arguments[0].priority", null)]
    [InlineData("[raw.siteId].map(raw => raw.length)", null)]
    [InlineData("raw . siteId", null)]
    public void JavaScript_gets_the_fields_it_names_else_the_whole_record(
        string source,
        string? fields
    )
    {
        var script = RecordScript.Compile(Engine, ScriptLanguage.JavaScript, source);
        if (fields is null)
            script.RawFields.ShouldBeNull();
        else
            script.RawFields!.Order().ShouldBe(fields.Split(',').Order());
    }

    [Theory]
    [InlineData("'CC-' + raw.siteId", "\"CC-S1\"")]
    [InlineData("raw.tasks[0].title", "\"Isolate\"")]
    [InlineData("raw.missing === undefined", "true")]
    [InlineData("Object.keys(raw).length", "5")]
    [InlineData("raw.hasOwnProperty('priority')", "true")]
    [InlineData("raw.constructor", "\"c\"")]
    [InlineData("raw.siteId + input.priority", "\"S1high\"")]
    public void The_value_is_that_of_the_whole_record(string source, string expected)
    {
        var script = RecordScript.Compile(Engine, ScriptLanguage.JavaScript, source);
        using var raw = JsonDocument.Parse(Raw);
        var results = new RecordScriptResult[1];
        script.Evaluate(
            [raw.RootElement],
            [default],
            results,
            TestContext.Current.CancellationToken
        );
        results[0].Error.ShouldBeNull();
        results[0].Value!.ToJsonString().ShouldBe(expected);
    }

    [Fact]
    public void Writing_to_a_named_field_fails_as_on_the_whole_record()
    {
        var script = RecordScript.Compile(
            Engine,
            ScriptLanguage.JavaScript,
            "(() => { try { raw.siteId = 'x'; return 'wrote' } catch (e) { return e.name } })()"
        );
        script.RawFields.ShouldBe(["siteId"]);
        using var raw = JsonDocument.Parse(Raw);
        var results = new RecordScriptResult[1];
        script.Evaluate(
            [raw.RootElement],
            [default],
            results,
            TestContext.Current.CancellationToken
        );
        results[0].Value!.ToJsonString().ShouldBe("\"TypeError\"");
    }
}

using NJsonSchema;

namespace Makini.Flows.Engine.Validation;

/// <summary>
/// Reads a JSON document that is not a flow (a connector manifest, a mapping) the way flows are read: syntax with
/// line and column, values the model cannot hold, then the document's JSON Schema, each problem with its pointer.
/// </summary>
public static class SchemaCheckedJson
{
    /// <summary>Adds every problem found; true when there were none, so the text can be deserialized.</summary>
    public static bool Check(string json, JsonSchema schema, List<FlowProblem> problems)
    {
        var document = FlowDocumentReader.Parse(json, problems);
        if (document is null)
            return false;
        var unreadable = UnreadableValues.Of(document, json);
        if (unreadable.Count > 0)
        {
            problems.AddRange(unreadable);
            return false;
        }
        var schemaProblems = SchemaProblems.Of(schema.Validate(document));
        problems.AddRange(schemaProblems);
        return schemaProblems.Count == 0;
    }
}

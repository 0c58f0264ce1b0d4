using System.Text.Json;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Schema;
using Makini.Flows.Engine.Serialization;
using Newtonsoft.Json.Linq;
using NewtonsoftJson = Newtonsoft.Json;

namespace Makini.Flows.Engine.Validation;

/// <summary>
/// Reads flow JSON text: syntax (with line and column), values the model cannot hold, then the schema, then the
/// model.
/// </summary>
internal static class FlowDocumentReader
{
    private static readonly JsonLoadSettings LoadSettings = new()
    {
        LineInfoHandling = LineInfoHandling.Load,
        DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error,
        CommentHandling = CommentHandling.Ignore,
    };

    /// <summary>Adds every problem found; returns the flow when the text could be read into the model.</summary>
    public static FlowDefinition? Read(string json, List<FlowProblem> problems)
    {
        var document = Parse(json, problems);
        if (document is null)
            return null;
        var unreadable = UnreadableValues.Of(document, json);
        if (unreadable.Count > 0)
        {
            problems.AddRange(unreadable);
            return null;
        }
        IntegralNumbers.AsIntegers(document);
        var schemaProblems = SchemaProblems.Of(FlowSchema.Schema.Validate(document));
        problems.AddRange(schemaProblems);
        // A null where the schema wants a value (an activity, an input, a name) would be a null in the model,
        // which the checks of meaning do not expect: the schema's problem is the answer.
        if (schemaProblems.Count > 0 && schemaProblems.Any(IsAtANull(document)))
            return null;
        try
        {
            return FlowJson.Deserialize(json);
        }
        catch (JsonException exception) when (schemaProblems.Count > 0)
        {
            _ = exception; // the schema problems already say what is wrong
            return null;
        }
        catch (JsonException exception)
        {
            problems.Add(
                FlowProblem.Error(
                    ProblemCodes.Schema,
                    SchemaProblems.PathToPointer(exception.Path),
                    exception.Message
                )
            );
            return null;
        }
    }

    /// <summary>Whether a problem is at a null of the document.</summary>
    private static Func<FlowProblem, bool> IsAtANull(JToken document)
    {
        var nulls = SchemaProblems
            .Tokens(document)
            .Where(token => token.Type == JTokenType.Null)
            .Select(SchemaProblems.TokenPointer)
            .ToHashSet(StringComparer.Ordinal);
        return problem => nulls.Contains(problem.Pointer);
    }

    internal static JToken? Parse(string json, List<FlowProblem> problems)
    {
        try
        {
            using var reader = new NewtonsoftJson.JsonTextReader(new StringReader(json))
            {
                DateParseHandling = NewtonsoftJson.DateParseHandling.None,
            };
            var document = JToken.ReadFrom(reader, LoadSettings);
            if (reader.Read())
                throw new NewtonsoftJson.JsonReaderException(
                    "There is more text after the JSON value.",
                    reader.Path,
                    reader.LineNumber,
                    reader.LinePosition,
                    null
                );
            return document;
        }
        catch (NewtonsoftJson.JsonReaderException exception)
        {
            problems.Add(
                FlowProblem.Error(
                    ProblemCodes.InvalidJson,
                    SchemaProblems.PathToPointer(exception.Path),
                    $"not valid JSON: {FirstSentence(exception.Message)} (line {exception.LineNumber}, column {exception.LinePosition})"
                ) with
                {
                    Line = exception.LineNumber,
                    Column = exception.LinePosition,
                }
            );
            return null;
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path '", StringComparison.Ordinal);
        if (end < 0)
            end = message.IndexOf(", line ", StringComparison.Ordinal);
        return end > 0 ? message[..end].TrimEnd(',', ' ') : message;
    }
}

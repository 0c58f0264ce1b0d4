using System.Numerics;
using System.Text.Json;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Makini.Flows.Engine.Validation;

/// <summary>
/// Values that are valid JSON text but that the flow model cannot hold: numbers beyond a double (<c>1e400</c>,
/// read as infinity, which cannot be written back), integers beyond 64 bits (on which the schema validator
/// throws), and text with an unpaired UTF-16 surrogate (<c>"\ud800"</c>, which the reader of the text replaces
/// but System.Text.Json refuses to unescape when the flow is written). They are found before the schema is
/// checked, each a problem at its pointer.
/// </summary>
internal static class UnreadableValues
{
    private static readonly JsonDocumentOptions TextOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 256,
    };

    public static List<FlowProblem> Of(JToken document, string json)
    {
        var problems = new List<FlowProblem>();
        foreach (var token in SchemaProblems.Tokens(document))
            if (DescribeNumber(token) is { } message)
                problems.Add(
                    FlowProblem.Error(
                        ProblemCodes.InvalidJson,
                        SchemaProblems.TokenPointer(token),
                        message
                    ) with
                    {
                        Line = (token as IJsonLineInfo)?.LineNumber,
                        Column = (token as IJsonLineInfo)?.LinePosition,
                    }
                );
        try
        {
            using var text = JsonDocument.Parse(json, TextOptions);
            AddUnpairedSurrogates(text.RootElement, "", problems);
        }
        catch (System.Text.Json.JsonException)
        {
            // Deeper than System.Text.Json reads: the model's reader reports it.
        }
        return problems;
    }

    private static string? DescribeNumber(JToken token) =>
        token switch
        {
            JValue { Value: BigInteger } => "the integer does not fit in 64 bits",
            JValue { Value: double number } when !double.IsFinite(number) =>
                "the number is beyond the range of a double (about ±1.8e308)",
            _ => null,
        };

    private static void AddUnpairedSurrogates(
        JsonElement element,
        string pointer,
        List<FlowProblem> problems
    )
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String when !CanUnescape(() => element.GetString()):
                problems.Add(UnpairedSurrogate(pointer, "text"));
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    AddUnpairedSurrogates(item, $"{pointer}/{index++}", problems);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string? name = null;
                    if (!CanUnescape(() => name = property.Name))
                        problems.Add(UnpairedSurrogate(pointer, "property name"));
                    else
                        AddUnpairedSurrogates(
                            property.Value,
                            $"{pointer}/{SchemaProblems.Escape(name!)}",
                            problems
                        );
                }
                break;
        }
    }

    private static bool CanUnescape(Action read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static FlowProblem UnpairedSurrogate(string pointer, string what) =>
        FlowProblem.Error(
            ProblemCodes.InvalidJson,
            pointer,
            $"the {what} has an unpaired UTF-16 surrogate (\\ud800 to \\udfff without its pair)"
        );
}

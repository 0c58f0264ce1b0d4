using System.Text.Json.Nodes;

namespace Makini.Flows.Hostile.Tests.Support;

/// <summary>Flow documents, as a flow author would import them, that evaluate one C# script.</summary>
public static class ScriptFlows
{
    /// <summary>The benign script every case runs afterwards: twice its input <c>a</c>.</summary>
    public const string DoubleA = "(int)input[\"a\"]! * 2";

    /// <summary>Start, SetVariable <c>result</c> to the script's value, Finish with it.</summary>
    /// <param name="language">The expression kind: <c>cs</c>, or <c>js</c> for JavaScript.</param>
    public static JsonObject Evaluating(string id, string script, string language = "cs") =>
        new()
        {
            ["$schema"] = "https://schemas.makini.io/flows/flow-v1.json",
            ["id"] = id,
            ["name"] = id,
            ["variables"] = new JsonArray(new JsonObject { ["name"] = "result" }),
            ["activities"] = new JsonArray(
                Activity("start", "Start", []),
                Activity(
                    "evaluate",
                    "SetVariable",
                    new JsonObject
                    {
                        ["variable"] = new JsonObject { ["literal"] = "result" },
                        ["value"] = new JsonObject { [language] = script },
                    }
                ),
                Activity(
                    "finish",
                    "Finish",
                    new JsonObject { ["output"] = new JsonObject { ["variable"] = "result" } }
                )
            ),
            ["connections"] = new JsonArray(
                Connection("start", "evaluate"),
                Connection("evaluate", "finish")
            ),
        };

    /// <summary>Where <see cref="WithRawJson"/> puts its text: a string value the flow holds nowhere else.</summary>
    public const string RawSlot = "@raw";

    /// <summary>
    /// The flow's JSON text with the value <see cref="RawSlot"/> replaced by <paramref name="raw"/>, for what a
    /// <see cref="JsonNode"/> cannot hold (numbers beyond double or int64, lone surrogates).
    /// </summary>
    public static string WithRawJson(JsonNode flow, string raw) =>
        flow.ToJsonString().Replace($"\"{RawSlot}\"", raw, StringComparison.Ordinal);

    /// <summary>An activity of the given type with the given inputs.</summary>
    public static JsonObject Activity(string id, string type, JsonObject inputs) =>
        new()
        {
            ["id"] = id,
            ["type"] = type,
            ["inputs"] = inputs,
        };

    public static JsonObject Connection(string source, string target) =>
        new()
        {
            ["source"] = source,
            ["sourcePort"] = "Done",
            ["target"] = target,
        };
}

using System.Text.Json.Nodes;

namespace Makini.Flows.Engine.Expressions.CSharp;

/// <summary>What one evaluation of a C# script gave: its value, or the message of its failure.</summary>
internal readonly record struct ScriptOutcome(JsonNode? Value, string? Error);

/// <summary>
/// The run values one evaluation sees; only those the script names are sent to the host.
/// </summary>
internal readonly record struct CSharpContext(
    JsonNode? Input,
    IEnumerable<KeyValuePair<string, JsonNode?>>? Vars,
    IEnumerable<KeyValuePair<string, Dictionary<string, JsonNode?>>>? Outputs,
    JsonNode? Item,
    int Index
);

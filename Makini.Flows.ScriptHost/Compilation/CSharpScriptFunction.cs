using System.Text.Json.Nodes;

namespace Makini.Flows.ScriptHost.Compilation;

/// <summary>The compiled form of a C# script: the generated <c>Script.Run</c> method.</summary>
internal delegate object? CSharpScriptFunction(
    JsonNode? input,
    JsonObject vars,
    JsonObject outputs,
    JsonNode? item,
    int index,
    ScriptGuard guard
);

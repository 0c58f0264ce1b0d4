using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.ScriptHost.Protocol;

namespace Makini.Flows.Engine.Expressions.CSharp;

/// <summary>
/// A C# script that a script host compiled and checked. The server holds only its text and what the host said
/// of it; the code itself lives in the hosts, which compile it again when they do not have it.
/// </summary>
internal sealed class CSharpExpression(
    string source,
    string hash,
    ScriptInputs inputs,
    IReadOnlyList<NameReference> references
) : CompiledExpression
{
    public string Source { get; } = source;

    /// <summary>The SHA-256 of the source: the script's name in every host.</summary>
    public string Hash { get; } = hash;

    /// <summary>The run values the script names; only those travel to the host.</summary>
    public ScriptInputs Inputs { get; } = inputs;

    /// <summary>The literal <c>vars["x"]</c> and <c>outputs["id"]</c> names, for the designer's warnings.</summary>
    public IReadOnlyList<NameReference> References { get; } = references;

    public override bool ResultIsFresh => true;

    public override JsonNode? Evaluate(RunExecution run, int scope) =>
        run.CSharp.Evaluate(this, scope);
}

using Makini.Flows.ScriptHost.Protocol;

namespace Makini.Flows.ScriptHost.Compilation;

/// <summary>A checked, guarded and loaded script, with the run values it names.</summary>
internal sealed class CompiledScript(
    CSharpScriptFunction function,
    ScriptLoadContext context,
    ScriptInputs inputs,
    IReadOnlyList<NameReference> references
)
{
    public CSharpScriptFunction Function { get; } = function;

    public ScriptInputs Inputs { get; } = inputs;

    /// <summary>The literal <c>vars["x"]</c> and <c>outputs["id"]</c> names, for the designer's warnings.</summary>
    public IReadOnlyList<NameReference> References { get; } = references;

    /// <summary>Lets the runtime free this script's code once nothing references it any more.</summary>
    public void Unload() => context.Unload();
}

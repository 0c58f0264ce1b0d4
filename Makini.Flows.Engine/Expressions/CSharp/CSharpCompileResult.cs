using Makini.Flows.ScriptHost.Protocol;

namespace Makini.Flows.Engine.Expressions.CSharp;

/// <summary>What a host said of a script: the run values it reads, or its problems.</summary>
internal sealed record CSharpCompileResult(
    ScriptInputs Inputs,
    IReadOnlyList<NameReference> References,
    IReadOnlyList<ScriptError>? Errors
)
{
    /// <summary>The host ran out of time or died: the script may compile on a quieter machine.</summary>
    public bool HostFailed { get; init; }

    public static CSharpCompileResult Compiled(
        ScriptInputs inputs,
        IReadOnlyList<NameReference> references
    ) => new(inputs, references, null);

    public static CSharpCompileResult Failed(IReadOnlyList<ScriptError> errors) =>
        new(ScriptInputs.None, [], errors);

    public static CSharpCompileResult HostFailure(ScriptError error) =>
        new(ScriptInputs.None, [], [error]) { HostFailed = true };
}

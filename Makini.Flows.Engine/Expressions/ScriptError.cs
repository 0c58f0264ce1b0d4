namespace Makini.Flows.Engine.Expressions;

/// <summary>
/// A problem inside a script, located by line and column within the script text (1-based). A warning does
/// not stop the script from running (e.g. a name that will read as undefined).
/// </summary>
public sealed record ScriptError(string Message, int Line, int Column)
{
    public bool IsWarning { get; init; }
}

/// <summary>Thrown when a script cannot be compiled or uses something scripts may not; carries every problem.</summary>
public sealed class ScriptSyntaxException(IReadOnlyList<ScriptError> errors)
    : Exception(errors[0].Message)
{
    public ScriptSyntaxException(ScriptError error)
        : this([error]) { }

    public IReadOnlyList<ScriptError> Errors { get; } = errors;

    public ScriptError Error => Errors[0];
}

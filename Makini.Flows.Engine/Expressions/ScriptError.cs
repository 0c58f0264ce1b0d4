namespace Makini.Flows.Engine.Expressions;

/// <summary>A problem inside a script, located by line and column within the script text (1-based).</summary>
public sealed record ScriptError(string Message, int Line, int Column);

/// <summary>Thrown when a script cannot be compiled.</summary>
public sealed class ScriptSyntaxException(ScriptError error) : Exception(error.Message)
{
    public ScriptError Error { get; } = error;
}

namespace Makini.Flows.ScriptHost.Compilation;

/// <summary>A problem in a script, at a 1-based line and column of the user's text.</summary>
internal sealed record ScriptProblem(string Message, int Line, int Column);

/// <summary>The script does not compile or uses what scripts may not.</summary>
internal sealed class ScriptCompileException(IReadOnlyList<ScriptProblem> problems)
    : Exception(problems[0].Message)
{
    public ScriptCompileException(ScriptProblem problem)
        : this([problem]) { }

    public IReadOnlyList<ScriptProblem> Problems { get; } = problems;
}

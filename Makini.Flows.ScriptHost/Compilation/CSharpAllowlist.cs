using Microsoft.CodeAnalysis;

namespace Makini.Flows.ScriptHost.Compilation;

/// <summary>
/// Scripts run in the engine's process and Roslyn is no sandbox, so before a script is compiled for real every
/// construct and symbol of its code is checked against an allowlist (<see cref="ApiPolicy"/>).
/// </summary>
internal static class CSharpAllowlist
{
    /// <summary>
    /// Every forbidden construct or symbol used inside <paramref name="userCode"/> (a node of
    /// <c>model.SyntaxTree</c>), in source order: a plain message naming it, and where the script uses it.
    /// </summary>
    public static IReadOnlyList<(string Message, Location Location)> Check(
        SemanticModel model,
        SyntaxNode userCode
    )
    {
        var walker = new AllowlistWalker(model);
        walker.Visit(userCode);
        walker.CheckDirectives(userCode);
        walker.CheckValueTypes(userCode);
        return [.. walker.Violations.OrderBy(v => v.Location.SourceSpan.Start)];
    }
}

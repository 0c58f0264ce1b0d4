using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Makini.Flows.ScriptHost.Compilation;

/// <summary>A script's literal use of <c>vars["name"]</c> or <c>outputs["id"]</c>, with its 1-based position.</summary>
internal sealed record NameReference(string Root, string Name, int Line, int Column);

/// <summary>Finds <c>vars["x"]</c> and <c>outputs["id"]</c> in a C# script.</summary>
internal static class CSharpNameReferences
{
    public static List<NameReference> Find(string code)
    {
        var root = CSharpSyntaxTree
            .ParseText(code, CSharpParseOptions.Default.WithKind(SourceCodeKind.Script))
            .GetRoot();
        var found = new List<NameReference>();
        foreach (var access in root.DescendantNodes().OfType<ElementAccessExpressionSyntax>())
        {
            if (
                access.Expression
                    is IdentifierNameSyntax { Identifier.ValueText: "vars" or "outputs" } target
                && access.ArgumentList.Arguments
                    is [{ Expression: LiteralExpressionSyntax literal }]
                && literal.IsKind(SyntaxKind.StringLiteralExpression)
            )
            {
                var position = literal.GetLocation().GetLineSpan().StartLinePosition;
                found.Add(
                    new NameReference(
                        target.Identifier.ValueText,
                        literal.Token.ValueText,
                        position.Line + 1,
                        position.Character + 1
                    )
                );
            }
        }
        return found;
    }
}

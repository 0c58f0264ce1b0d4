using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Makini.Flows.ScriptHost.Compilation;

/// <summary>Language constructs scripts may not use, whatever the symbols involved.</summary>
internal static class ForbiddenConstructs
{
    private const string Unsafe = "unsafe code is not allowed in scripts";
    private const string Await = "'await' is not allowed in scripts: threads and tasks";

    /// <summary>
    /// Reports the forbidden constructs of <paramref name="node"/> itself (not of its children) and says whether
    /// the walk should look inside it: not when the whole node was refused and its contents would add only noise.
    /// </summary>
    public static bool Check(SyntaxNode node, SemanticModel model, Action<string, Location> report)
    {
        switch (node)
        {
            case UnsafeStatementSyntax statement:
                report(Unsafe, statement.UnsafeKeyword.GetLocation());
                break;
            case LocalFunctionStatementSyntax function:
                Modifiers(function.Modifiers, report);
                break;
            case AnonymousFunctionExpressionSyntax function:
                Modifiers(function.Modifiers, report);
                break;
            case PointerTypeSyntax:
                report("pointer types are not allowed in scripts", node.GetLocation());
                break;
            case FunctionPointerTypeSyntax:
                report("function pointers are not allowed in scripts", node.GetLocation());
                break;
            case PrefixUnaryExpressionSyntax
                when node.IsKind(SyntaxKind.AddressOfExpression)
                    || node.IsKind(SyntaxKind.PointerIndirectionExpression):
            case MemberAccessExpressionSyntax
                when node.IsKind(SyntaxKind.PointerMemberAccessExpression):
                report("pointer operations are not allowed in scripts", node.GetLocation());
                break;
            case FixedStatementSyntax statement:
                report("'fixed' is not allowed in scripts", statement.FixedKeyword.GetLocation());
                break;
            case StackAllocArrayCreationExpressionSyntax
            or ImplicitStackAllocArrayCreationExpressionSyntax:
                report("'stackalloc' is not allowed in scripts", node.GetLocation());
                break;
            case ExpressionSyntax when UndocumentedKeyword(node) is { } keyword:
                report($"'{keyword}' is not allowed in scripts", node.GetLocation());
                break;
            case GotoStatementSyntax statement:
                // A backward goto builds a loop the engine does not see, so it could not limit it.
                report(
                    "'goto' is not allowed in scripts: it could build a loop the engine cannot limit",
                    statement.GotoKeyword.GetLocation()
                );
                break;
            case AttributeListSyntax list:
                foreach (var attribute in list.Attributes)
                    report(
                        $"attribute '{AttributeName(attribute, model)}' is not allowed in scripts",
                        attribute.GetLocation()
                    );
                return false;
            case LockStatementSyntax statement:
                report(
                    "'lock' is not allowed in scripts: threads and tasks",
                    statement.LockKeyword.GetLocation()
                );
                break;
            case AwaitExpressionSyntax expression:
                report(Await, expression.AwaitKeyword.GetLocation());
                break;
            case CommonForEachStatementSyntax { AwaitKeyword.RawKind: not 0 } statement:
                report(Await, statement.AwaitKeyword.GetLocation());
                break;
            case UsingStatementSyntax { AwaitKeyword.RawKind: not 0 } statement:
                report(Await, statement.AwaitKeyword.GetLocation());
                break;
            case LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: not 0 } statement:
                report(Await, statement.AwaitKeyword.GetLocation());
                break;
            case TypeOfExpressionSyntax expression:
                report(
                    "'typeof' is not allowed in scripts: reflection",
                    expression.Keyword.GetLocation()
                );
                return false;
            case InvocationExpressionSyntax call when IsNameOf(call, model):
                // nameof(...) is a constant string: nothing in it runs.
                return false;
            case CatchClauseSyntax clause:
                if (clause.Declaration is null)
                    report(
                        $"a catch clause without an exception type is not allowed in scripts: {ApiPolicy.CatchesLimits}",
                        clause.CatchKeyword.GetLocation()
                    );
                if (clause.Filter is { } filter)
                    report(
                        "exception filters ('when') are not allowed in scripts",
                        filter.WhenKeyword.GetLocation()
                    );
                break;
            case CatchDeclarationSyntax declaration
                when model.GetTypeInfo(declaration.Type).Type is { } caught
                    && ApiPolicy.CatchesLimitsOf(caught):
                report(
                    $"catching '{SymbolText.Type(caught)}' is not allowed in scripts: {ApiPolicy.CatchesLimits}",
                    declaration.Type.GetLocation()
                );
                return false;
        }
        return true;
    }

    private static void Modifiers(SyntaxTokenList modifiers, Action<string, Location> report)
    {
        foreach (var modifier in modifiers)
            switch (modifier.Kind())
            {
                case SyntaxKind.UnsafeKeyword:
                    report(Unsafe, modifier.GetLocation());
                    break;
                case SyntaxKind.ExternKeyword:
                    report("'extern' is not allowed in scripts", modifier.GetLocation());
                    break;
                case SyntaxKind.AsyncKeyword:
                    report(
                        "'async' is not allowed in scripts: threads and tasks",
                        modifier.GetLocation()
                    );
                    break;
            }
    }

    private static string? UndocumentedKeyword(SyntaxNode node) =>
        node.Kind() switch
        {
            SyntaxKind.ArgListExpression => "__arglist",
            SyntaxKind.MakeRefExpression => "__makeref",
            SyntaxKind.RefTypeExpression => "__reftype",
            SyntaxKind.RefValueExpression => "__refvalue",
            _ => null,
        };

    private static string AttributeName(AttributeSyntax attribute, SemanticModel model) =>
        model.GetSymbolInfo(attribute).Symbol?.ContainingType is { } type
            ? SymbolText.Type(type)
            : attribute.Name.ToString();

    private static bool IsNameOf(InvocationExpressionSyntax call, SemanticModel model) =>
        call.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" }
        && model.GetConstantValue(call).HasValue;
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Makini.Flows.ScriptHost.Compilation;

/// <summary>
/// Rewrites a checked script so it polices itself through <see cref="ScriptGuard"/>: a tick at the top of
/// every loop body, a stack and budget check on entering every lambda, anonymous method and local function,
/// and a size check on every array length and on every count-like argument (count, capacity, totalWidth,
/// length) of the APIs scripts may call, and a cap on every regular expression's match timeout. Needs the semantic model of the unrewritten tree.
/// </summary>
internal sealed class GuardInjector(SemanticModel model) : CSharpSyntaxRewriter
{
    private static readonly HashSet<string> SizeParameters = new(StringComparer.Ordinal)
    {
        "count",
        "capacity",
        "totalWidth",
        "repeatCount",
        "length",
        "minimumCapacity",
    };

    private static readonly StatementSyntax TickStatement = ParseStatement("__guard.Tick();");
    private static readonly StatementSyntax EnterStatement = ParseStatement("__guard.Enter();");

    public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
    {
        var visited = (ForStatementSyntax)base.VisitForStatement(node)!;
        return visited.WithStatement(Prepend(TickStatement, visited.Statement));
    }

    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
    {
        var visited = (ForEachStatementSyntax)base.VisitForEachStatement(node)!;
        return visited.WithStatement(Prepend(TickStatement, visited.Statement));
    }

    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        var visited = (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!;
        return visited.WithStatement(Prepend(TickStatement, visited.Statement));
    }

    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
    {
        var visited = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
        return visited.WithStatement(Prepend(TickStatement, visited.Statement));
    }

    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
    {
        var visited = (DoStatementSyntax)base.VisitDoStatement(node)!;
        return visited.WithStatement(Prepend(TickStatement, visited.Statement));
    }

    public override SyntaxNode? VisitParenthesizedLambdaExpression(
        ParenthesizedLambdaExpressionSyntax node
    )
    {
        var returnsVoid = ReturnsVoid(model.GetSymbolInfo(node).Symbol);
        var visited = (ParenthesizedLambdaExpressionSyntax)
            base.VisitParenthesizedLambdaExpression(node)!;
        return visited
            .WithExpressionBody(null)
            .WithBlock(Guarded(visited.Block, visited.ExpressionBody, returnsVoid));
    }

    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
    {
        var returnsVoid = ReturnsVoid(model.GetSymbolInfo(node).Symbol);
        var visited = (SimpleLambdaExpressionSyntax)base.VisitSimpleLambdaExpression(node)!;
        return visited
            .WithExpressionBody(null)
            .WithBlock(Guarded(visited.Block, visited.ExpressionBody, returnsVoid));
    }

    public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node)
    {
        var visited = (AnonymousMethodExpressionSyntax)base.VisitAnonymousMethodExpression(node)!;
        return visited.WithBlock(Guarded(visited.Block, null, returnsVoid: true));
    }

    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        var returnsVoid = ReturnsVoid(model.GetDeclaredSymbol(node));
        var visited = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
        return visited
            .WithExpressionBody(null)
            .WithSemicolonToken(default)
            .WithBody(Guarded(visited.Body, visited.ExpressionBody?.Expression, returnsVoid));
    }

    public override SyntaxNode? VisitArrayRankSpecifier(ArrayRankSpecifierSyntax node)
    {
        var visited = (ArrayRankSpecifierSyntax)base.VisitArrayRankSpecifier(node)!;
        return visited.WithSizes(
            SeparatedList(
                visited.Sizes.Select(size =>
                    size is OmittedArraySizeExpressionSyntax ? size : Guarded("Size", size)
                )
            )
        );
    }

    public override SyntaxNode? VisitArgumentList(ArgumentListSyntax node)
    {
        var method = model.GetSymbolInfo(node.Parent!).Symbol as IMethodSymbol;
        var visited = (ArgumentListSyntax)base.VisitArgumentList(node)!;
        if (method is null)
            return visited;
        var arguments = visited.Arguments.Select(
            (argument, position) =>
                ParameterOf(method, node.Arguments[position], position) switch
                {
                    { } parameter when IsSize(parameter) => argument.WithExpression(
                        Guarded("Size", argument.Expression)
                    ),
                    { } parameter when IsTimeout(parameter) => argument.WithExpression(
                        Guarded("Timeout", argument.Expression)
                    ),
                    _ => argument,
                }
        );
        return visited.WithArguments(SeparatedList(arguments));
    }

    private static IParameterSymbol? ParameterOf(
        IMethodSymbol method,
        ArgumentSyntax argument,
        int position
    ) =>
        argument.NameColon is { } name
            ? method.Parameters.FirstOrDefault(p => p.Name == name.Name.Identifier.ValueText)
        : position < method.Parameters.Length ? method.Parameters[position]
        : null;

    private static bool IsSize(IParameterSymbol parameter) =>
        !parameter.IsParams
        && parameter.Type.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64
        && SizeParameters.Contains(parameter.Name);

    /// <summary>A regular expression's match timeout: capped so a script cannot ask for forever.</summary>
    private static bool IsTimeout(IParameterSymbol parameter) =>
        parameter.Name == "matchTimeout" && parameter.Type.ToDisplayString() == "System.TimeSpan";

    private static bool ReturnsVoid(ISymbol? symbol) =>
        symbol is IMethodSymbol { ReturnsVoid: true };

    private static ExpressionSyntax Guarded(string check, ExpressionSyntax value) =>
        InvocationExpression(
            ParseExpression("__guard." + check),
            ArgumentList(SingletonSeparatedList(Argument(value)))
        );

    private static BlockSyntax Guarded(
        BlockSyntax? block,
        ExpressionSyntax? expressionBody,
        bool returnsVoid
    )
    {
        if (block is not null)
            return block.WithStatements(block.Statements.Insert(0, EnterStatement));
        StatementSyntax body = returnsVoid
            ? ExpressionStatement(expressionBody!)
            : ReturnStatement(expressionBody!);
        return Block(EnterStatement, body);
    }

    private static StatementSyntax Prepend(StatementSyntax first, StatementSyntax body) =>
        body is BlockSyntax block
            ? block.WithStatements(block.Statements.Insert(0, first))
            : Block(first, body);
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Makini.Flows.ScriptHost.Compilation;

/// <summary>
/// Walks a script's code and collects what it may not use: forbidden constructs, then every symbol the code
/// names or implicitly calls (constructors, indexers, operators, conversions, foreach and query methods...).
/// </summary>
internal sealed class AllowlistWalker(SemanticModel model) : CSharpSyntaxWalker
{
    private readonly List<(string Message, Location Location)> _violations = [];
    private readonly HashSet<(TextSpan, string)> _seen = [];
    private readonly List<TextSpan> _refused = [];

    public IReadOnlyList<(string Message, Location Location)> Violations => _violations;

    public override void Visit(SyntaxNode? node)
    {
        if (node is null)
            return;
        if (!ForbiddenConstructs.Check(node, model, Report))
        {
            _refused.Add(node.Span);
            return;
        }
        CheckSymbols(node);
        base.Visit(node);
    }

    public void Report(string message, Location location)
    {
        if (_seen.Add((location.SourceSpan, message)))
            _violations.Add((message, location));
    }

    /// <summary>Preprocessor directives (#r, #load, #pragma, #line...) are trivia: the walk above does not see them.</summary>
    public void CheckDirectives(SyntaxNode code)
    {
        foreach (var trivia in code.DescendantTrivia())
            if (trivia.GetStructure() is DirectiveTriviaSyntax directive)
                Report(
                    $"'#{directive.DirectiveNameToken.ValueText}' directives are not allowed in scripts",
                    directive.GetLocation()
                );
    }

    /// <summary>
    /// A last net: the type of every value and declared variable. Each should already have been refused where it
    /// came from, so this only speaks when nothing was reported in the same simple statement (any report already
    /// refuses the script; this keeps one mistake from being reported twice).
    /// </summary>
    public void CheckValueTypes(SyntaxNode code)
    {
        foreach (var node in code.DescendantNodes().Reverse())
        {
            if (_refused.Any(span => span.Contains(node.Span)))
                continue;
            switch (node)
            {
                case ExpressionSyntax expression when IsValue(expression):
                    var info = model.GetTypeInfo(expression);
                    CheckValueType(info.Type, expression);
                    CheckValueType(info.ConvertedType, expression);
                    break;
                case VariableDeclaratorSyntax declarator:
                    CheckDeclared(declarator, declarator.Identifier.GetLocation());
                    break;
                case SingleVariableDesignationSyntax designation:
                    CheckDeclared(designation, designation.GetLocation());
                    break;
                case ForEachStatementSyntax statement:
                    CheckDeclared(statement, statement.Identifier.GetLocation());
                    break;
                case ParameterSyntax parameter:
                    CheckDeclared(parameter, parameter.Identifier.GetLocation());
                    break;
            }
        }
    }

    private void CheckSymbols(SyntaxNode node)
    {
        switch (node)
        {
            case SimpleNameSyntax name:
                CheckName(name);
                break;
            case InvocationExpressionSyntax call:
                // Calling a named method was checked with its name; this catches delegates' Invoke.
                var called = model.GetSymbolInfo(call).Symbol;
                if (
                    !SymbolEqualityComparer.Default.Equals(
                        called,
                        model.GetSymbolInfo(call.Expression).Symbol
                    )
                )
                    CheckImplicit(called, node);
                break;
            case BaseObjectCreationExpressionSyntax
            or ElementAccessExpressionSyntax
            or ImplicitElementAccessSyntax
            or ElementBindingExpressionSyntax
            or BinaryExpressionSyntax
            or PrefixUnaryExpressionSyntax
            or PostfixUnaryExpressionSyntax
            or CastExpressionSyntax
            or SelectOrGroupClauseSyntax
            or OrderingSyntax:
                CheckImplicit(model.GetSymbolInfo(node).Symbol, node);
                break;
            case AssignmentExpressionSyntax assignment:
                CheckImplicit(model.GetSymbolInfo(node).Symbol, node);
                if (assignment.Left is TupleExpressionSyntax or DeclarationExpressionSyntax)
                    CheckDeconstruction(model.GetDeconstructionInfo(assignment), node);
                break;
            case CommonForEachStatementSyntax statement:
                var loop = model.GetForEachStatementInfo(statement);
                CheckImplicit(loop.GetEnumeratorMethod, statement.Expression);
                CheckImplicit(loop.MoveNextMethod, statement.Expression);
                CheckImplicit(loop.CurrentProperty, statement.Expression);
                CheckImplicit(loop.DisposeMethod, statement.Expression);
                if (statement is ForEachVariableStatementSyntax deconstructing)
                    CheckDeconstruction(model.GetDeconstructionInfo(deconstructing), node);
                break;
            case QueryClauseSyntax clause:
                var query = model.GetQueryClauseInfo(clause);
                CheckImplicit(query.CastInfo.Symbol, node);
                CheckImplicit(query.OperationInfo.Symbol, node);
                break;
            case InitializerExpressionSyntax initializer
                when initializer.IsKind(SyntaxKind.CollectionInitializerExpression):
                foreach (var element in initializer.Expressions)
                    CheckImplicit(
                        model.GetCollectionInitializerSymbolInfo(element).Symbol,
                        element
                    );
                break;
        }
        if (
            node is ExpressionSyntax value
            && model.GetConversion(value) is { IsUserDefined: true } conversion
        )
            CheckImplicit(conversion.MethodSymbol, node);
    }

    private void CheckName(SimpleNameSyntax name)
    {
        if (name is IdentifierNameSyntax { IsVar: true })
            return;
        var info = model.GetSymbolInfo(name);
        var symbols = info.Symbol is { } symbol ? [symbol] : info.CandidateSymbols;
        foreach (var candidate in symbols)
            if (Rejected(name, candidate) is { } rejection)
            {
                var (what, location) = rejection;
                Report(what, location);
                return;
            }
    }

    /// <summary>The message and place for a named symbol the script may not use, or null when it may.</summary>
    private (string Message, Location Location)? Rejected(SimpleNameSyntax name, ISymbol symbol)
    {
        if (!IsApi(symbol))
            return null;
        var qualified = Qualified(name);
        if (symbol is ITypeSymbol type)
        {
            // File in File.ReadAllText: the member's own message names it, with its type.
            if (IsQualifierOfRejected(qualified))
                return null;
            return ApiPolicy.Type(type, TypeUse.Named) is { } refused
                ? (refused.Message(SymbolText.Of(refused.Culprit ?? type)), qualified.GetLocation())
                : null;
        }
        return ApiPolicy.Member(symbol, IsWritten(qualified)) is { } rejection
            ? (
                rejection.Message(SymbolText.Of(ApiPolicy.DefinitionOf(symbol))),
                qualified.GetLocation()
            )
            : null;
    }

    /// <summary>A symbol the script did not declare itself: a type or a member of one.</summary>
    private static bool IsApi(ISymbol symbol) =>
        symbol is ITypeSymbol and not ITypeParameterSymbol
        || (
            symbol is IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol
            && !ApiPolicy.IsDeclaredByScript(symbol)
        );

    /// <summary>
    /// A member the code uses without naming it. When its type is refused, the value it works on was already
    /// refused where it came from; extension methods are the exception, being found by name lookup alone.
    /// </summary>
    private void CheckImplicit(ISymbol? symbol, SyntaxNode at)
    {
        if (symbol is null || !IsApi(symbol))
            return;
        var member = ApiPolicy.DefinitionOf(symbol);
        var extension = member is IMethodSymbol { IsExtensionMethod: true };
        if (
            !extension
            && member.ContainingType is { } container
            && ApiPolicy.Type(container, TypeUse.Named) is not null
        )
            return;
        if (ApiPolicy.Member(symbol, written: false) is { } rejection)
            Report(rejection.Message(SymbolText.Of(member)), at.GetLocation());
    }

    private void CheckDeconstruction(DeconstructionInfo info, SyntaxNode at)
    {
        CheckImplicit(info.Method, at);
        foreach (var nested in info.Nested)
            CheckDeconstruction(nested, at);
    }

    private void CheckValueType(ITypeSymbol? type, SyntaxNode node, Location? location = null)
    {
        if (type is null || ApiPolicy.Type(type, TypeUse.Value) is not { } rejection)
            return;
        var statement = SimpleStatement(node);
        if (_violations.Any(v => v.Location.SourceSpan.OverlapsWith(statement)))
            return;
        Report(
            rejection.Message(SymbolText.Of(rejection.Culprit ?? type)),
            location ?? node.GetLocation()
        );
    }

    private void CheckDeclared(SyntaxNode declaration, Location location)
    {
        var type = model.GetDeclaredSymbol(declaration) switch
        {
            ILocalSymbol local => local.Type,
            IParameterSymbol parameter => parameter.Type,
            _ => null,
        };
        CheckValueType(type, declaration, location);
    }

    /// <summary>
    /// The innermost statement around a node that has no statements of its own (or the variable declaration of a
    /// for, using or fixed statement), else the node.
    /// </summary>
    private static TextSpan SimpleStatement(SyntaxNode node) =>
        node.AncestorsAndSelf()
            .FirstOrDefault(n =>
                n
                    is ExpressionStatementSyntax
                        or LocalDeclarationStatementSyntax
                        or ReturnStatementSyntax
                        or ThrowStatementSyntax
                        or YieldStatementSyntax
                        or VariableDeclarationSyntax
            )
            ?.Span
        ?? node.Span;

    /// <summary>Values, as opposed to names of types, namespaces, or the script's own variables.</summary>
    private bool IsValue(ExpressionSyntax expression)
    {
        if (expression is PredefinedTypeSyntax or IdentifierNameSyntax { IsVar: true })
            return false;
        return model.GetSymbolInfo(expression).Symbol
            is not (
                INamespaceOrTypeSymbol
                or IAliasSymbol
                or ILocalSymbol
                or IParameterSymbol
                or IRangeVariableSymbol
                or IDiscardSymbol
            );
    }

    /// <summary>
    /// The name with its qualifier when that is a type or namespace (System.IO.File.ReadAllText), so the message
    /// points at the start of what the script wrote.
    /// </summary>
    private SyntaxNode Qualified(SimpleNameSyntax name) =>
        name.Parent switch
        {
            QualifiedNameSyntax qualified when qualified.Right == name => qualified,
            AliasQualifiedNameSyntax qualified when qualified.Name == name => qualified,
            MemberAccessExpressionSyntax access
                when access.Name == name
                    && model.GetSymbolInfo(access.Expression).Symbol is INamespaceOrTypeSymbol =>
                access,
            _ => name,
        };

    private bool IsQualifierOfRejected(SyntaxNode qualifier)
    {
        var right = qualifier.Parent switch
        {
            MemberAccessExpressionSyntax access when access.Expression == qualifier => access.Name,
            QualifiedNameSyntax qualified when qualified.Left == qualifier => qualified.Right,
            _ => null,
        };
        if (right is null)
            return false;
        var info = model.GetSymbolInfo(right);
        var symbols = info.Symbol is { } symbol ? [symbol] : info.CandidateSymbols;
        return symbols.Any(s => Rejected(right, s) is not null);
    }

    private static bool IsWritten(SyntaxNode node)
    {
        if (node.Parent is MemberAccessExpressionSyntax access && access.Name == node)
            node = access;
        while (true)
        {
            switch (node.Parent)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    node = parenthesized;
                    continue;
                case ArgumentSyntax { Parent: TupleExpressionSyntax tuple }:
                    node = tuple;
                    continue;
                case AssignmentExpressionSyntax assignment:
                    return assignment.Left == node;
                case PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax:
                    return node.Parent.Kind()
                        is SyntaxKind.PreIncrementExpression
                            or SyntaxKind.PreDecrementExpression
                            or SyntaxKind.PostIncrementExpression
                            or SyntaxKind.PostDecrementExpression;
                default:
                    return false;
            }
        }
    }
}

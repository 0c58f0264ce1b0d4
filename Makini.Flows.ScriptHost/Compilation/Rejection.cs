using Microsoft.CodeAnalysis;

namespace Makini.Flows.ScriptHost.Compilation;

/// <summary>
/// Why a type or member may not be used in a script. A null <see cref="Reason"/> means it is simply not on the
/// allowlist; an empty one means the name says it all. <see cref="Culprit"/> is the type that was refused.
/// </summary>
internal sealed record Rejection(string? Reason, ISymbol? Culprit = null)
{
    public static readonly Rejection Unlisted = new((string?)null);

    public string Message(string what) =>
        Reason switch
        {
            null => $"'{what}' is not on the list of APIs scripts may use",
            "" => $"'{what}' is not allowed in scripts",
            _ => $"'{what}' is not allowed in scripts: {Reason}",
        };
}

/// <summary>How messages name symbols: types fully qualified, parameters by their short type names.</summary>
internal static class SymbolText
{
    private static readonly SymbolDisplayFormat TypeFormat = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes
    );

    private static readonly SymbolDisplayFormat ShortTypeFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes
    );

    public static string Type(ITypeSymbol type) => type.ToDisplayString(TypeFormat);

    public static string Of(ISymbol symbol) =>
        symbol switch
        {
            ITypeSymbol type => Type(type),
            IMethodSymbol { MethodKind: MethodKind.Constructor } method =>
                $"new {Type(method.ContainingType)}({Parameters(method.Parameters)})",
            IMethodSymbol method =>
                $"{Type(method.ContainingType)}.{method.Name}{TypeParameters(method)}({Parameters(method.Parameters)})",
            IPropertySymbol { IsIndexer: true } indexer =>
                $"{Type(indexer.ContainingType)}[{Parameters(indexer.Parameters)}]",
            { ContainingType: { } container } => $"{Type(container)}.{symbol.Name}",
            _ => symbol.Name,
        };

    private static string TypeParameters(IMethodSymbol method) =>
        method.TypeParameters.IsEmpty
            ? ""
            : $"<{string.Join(", ", method.TypeParameters.Select(t => t.Name))}>";

    private static string Parameters(IEnumerable<IParameterSymbol> parameters) =>
        string.Join(
            ", ",
            parameters.Select(p => RefKind(p) + p.Type.ToDisplayString(ShortTypeFormat))
        );

    private static string RefKind(IParameterSymbol parameter) =>
        parameter.RefKind switch
        {
            Microsoft.CodeAnalysis.RefKind.Ref => "ref ",
            Microsoft.CodeAnalysis.RefKind.Out => "out ",
            Microsoft.CodeAnalysis.RefKind.In => "in ",
            Microsoft.CodeAnalysis.RefKind.RefReadOnlyParameter => "ref readonly ",
            _ => parameter.IsParams ? "params " : "",
        };
}

using System.Collections.Frozen;
using Microsoft.CodeAnalysis;

namespace Makini.Flows.ScriptHost.Compilation;

/// <summary>How a type is met: named in the script, in the signature of a member it uses, or as a value's type.</summary>
internal enum TypeUse
{
    /// <summary>Only the type itself: its type arguments are named (and checked) on their own.</summary>
    Named,

    /// <summary>The type and its type arguments, in a member's declared signature.</summary>
    Signature,

    /// <summary>The type and its type arguments, as the type of a value.</summary>
    Value,
}

/// <summary>
/// The APIs scripts may use. Types are allowed by namespace or by name (a nested type follows its container);
/// anything else is refused, with a reason when it belongs to a known dangerous family.
/// </summary>
internal static class ApiPolicy
{
    private static readonly FrozenSet<string> AllowedNamespaces = FrozenSet.Create(
        "System.Collections",
        "System.Collections.Generic",
        "System.Globalization",
        "System.Text.Json.Nodes"
    );

    // Names without their generic arity: "System.Func" covers every Func<...>.
    private static readonly FrozenSet<string> AllowedTypes = FrozenSet.Create(
        "System.Object",
        "System.ValueType",
        "System.Void",
        "System.Boolean",
        "System.Char",
        "System.String",
        "System.SByte",
        "System.Byte",
        "System.Int16",
        "System.UInt16",
        "System.Int32",
        "System.UInt32",
        "System.Int64",
        "System.UInt64",
        "System.Int128",
        "System.UInt128",
        "System.IntPtr",
        "System.UIntPtr",
        "System.Half",
        "System.Single",
        "System.Double",
        "System.Decimal",
        "System.Nullable",
        "System.Enum",
        "System.Array",
        "System.Index",
        "System.Range",
        // C# 14 binds many string and array calls to span overloads.
        "System.Span",
        "System.ReadOnlySpan",
        "System.MemoryExtensions",
        "System.CharEnumerator",
        "System.Math",
        "System.MathF",
        "System.MidpointRounding",
        "System.Convert",
        "System.Base64FormattingOptions",
        "System.DateTime",
        "System.DateTimeOffset",
        "System.DateTimeKind",
        "System.DayOfWeek",
        "System.TimeSpan",
        "System.DateOnly",
        "System.TimeOnly",
        "System.Guid",
        "System.StringComparison",
        "System.StringComparer",
        "System.StringSplitOptions",
        "System.FormattableString",
        "System.IComparable",
        "System.IEquatable",
        "System.IFormattable",
        "System.IFormatProvider",
        "System.IDisposable",
        "System.Tuple",
        "System.TupleExtensions",
        "System.ValueTuple",
        "System.Action",
        "System.Func",
        "System.Predicate",
        "System.Comparison",
        "System.Converter",
        "System.Exception",
        "System.ArgumentException",
        "System.ArgumentNullException",
        "System.ArgumentOutOfRangeException",
        "System.InvalidOperationException",
        "System.FormatException",
        "System.NotSupportedException",
        "System.OverflowException",
        "System.Text.StringBuilder",
        "System.Text.NormalizationForm",
        "System.Text.Json.JsonValueKind",
        "System.Linq.Enumerable",
        "System.Linq.IGrouping",
        "System.Linq.ILookup",
        "System.Linq.IOrderedEnumerable",
        "System.Linq.Lookup",
        "System.Text.RegularExpressions.Regex",
        "System.Text.RegularExpressions.RegexOptions",
        "System.Text.RegularExpressions.Match",
        "System.Text.RegularExpressions.Group",
        "System.Text.RegularExpressions.Capture",
        "System.Text.RegularExpressions.MatchCollection",
        "System.Text.RegularExpressions.GroupCollection",
        "System.Text.RegularExpressions.CaptureCollection",
        "System.Text.RegularExpressions.ValueMatch",
        "System.Text.RegularExpressions.MatchEvaluator",
        // What the compiler uses for $"..." passed to string.Create(IFormatProvider, ...).
        "System.Runtime.CompilerServices.DefaultInterpolatedStringHandler",
        // The engine's guard, called from the code it weaves into scripts.
        "Makini.Flows.ScriptHost.Execution.ScriptGuard"
    );

    // Optional parameters of common JSON calls (node.ToJsonString(), JsonNode.Parse(text)): fine to pass by
    // default, not to name.
    private static readonly FrozenSet<string> SignatureOnlyTypes = FrozenSet.Create(
        "System.Text.Json.JsonSerializerOptions",
        "System.Text.Json.JsonDocumentOptions"
    );

    public const string CatchesLimits = "it could catch the engine's limits";
    private const string Reflection = "reflection";
    private const string Threads = "threads and tasks";
    private const string ExpressionTrees = "expression trees";
    private const string ProcessEnvironment = "the process environment";
    private const string ProcessState = "it changes process-wide state";
    private const string PassTimeout = "pass a match timeout (TimeSpan)";

    private static readonly FrozenDictionary<string, string> TypeReasons = new Dictionary<
        string,
        string
    >
    {
        ["System.Type"] = Reflection,
        ["System.Activator"] = Reflection,
        ["System.Delegate"] = Reflection,
        ["System.MulticastDelegate"] = Reflection,
        ["System.RuntimeTypeHandle"] = Reflection,
        ["System.RuntimeMethodHandle"] = Reflection,
        ["System.RuntimeFieldHandle"] = Reflection,
        ["System.ModuleHandle"] = Reflection,
        ["System.TypedReference"] = Reflection,
        ["System.Environment"] = ProcessEnvironment,
        ["System.AppContext"] = ProcessEnvironment,
        ["System.AppDomain"] = ProcessEnvironment,
        ["System.GC"] = "the garbage collector",
        ["System.Runtime.GCSettings"] = "the garbage collector",
        ["System.Console"] = "the console",
        ["System.Linq.Queryable"] = ExpressionTrees,
        ["System.Linq.IQueryable"] = ExpressionTrees,
        ["System.Linq.IOrderedQueryable"] = ExpressionTrees,
        ["System.Linq.IQueryProvider"] = ExpressionTrees,
        ["System.Linq.EnumerableQuery"] = ExpressionTrees,
        ["System.Linq.ParallelEnumerable"] = Threads,
        ["System.Linq.ParallelQuery"] = Threads,
        ["System.Linq.OrderedParallelQuery"] = Threads,
    }.ToFrozenDictionary();

    // A namespace and its children.
    private static readonly (string Namespace, string Reason)[] NamespaceReasons =
    [
        ("System.IO", "file access"),
        ("System.Net", "network access"),
        ("System.Reflection", Reflection),
        ("System.Runtime.Loader", Reflection),
        ("System.Diagnostics", "diagnostics and processes"),
        ("System.Threading", Threads),
        ("System.Timers", "timers"),
        ("System.Runtime.InteropServices", "native interop"),
        ("System.Runtime.CompilerServices", "runtime internals"),
        ("System.Runtime.Serialization", "serialization"),
        ("System.Security", "security"),
        ("System.Resources", "resources"),
        ("System.Linq.Expressions", ExpressionTrees),
    ];

    public static readonly Rejection Pointers = new("pointers");
    private static readonly Rejection Dynamic = new("");

    /// <summary>Why <paramref name="type"/> may not be used, or null when it may.</summary>
    public static Rejection? Type(ITypeSymbol type, TypeUse use) =>
        type switch
        {
            IArrayTypeSymbol array => Type(array.ElementType, use),
            IPointerTypeSymbol or IFunctionPointerTypeSymbol => Pointers with { Culprit = type },
            IDynamicTypeSymbol => Dynamic with { Culprit = type },
            IErrorTypeSymbol => null,
            INamedTypeSymbol { IsAnonymousType: true } => null,
            INamedTypeSymbol named => Definition(named.OriginalDefinition, use)
                ?? (
                    use == TypeUse.Named
                        ? null
                        : named
                            .TypeArguments.Select(a => Type(a, use))
                            .FirstOrDefault(r => r is not null)
                ),
            _ => null,
        };

    /// <summary>
    /// Why <paramref name="symbol"/> (a method, property, field or event) may not be used: its containing type,
    /// a rule of its own, or a type in its declared signature. <paramref name="written"/>: it is assigned to.
    /// </summary>
    public static Rejection? Member(ISymbol symbol, bool written)
    {
        var member = DefinitionOf(symbol);
        if (member.ContainingType is not { } container || IsDeclaredByScript(member))
            return null;
        return Type(container, TypeUse.Named) ?? Rule(member, written) ?? Signature(member);
    }

    /// <summary>The declaration behind a use: generic definitions, and extension methods as declared.</summary>
    public static ISymbol DefinitionOf(ISymbol symbol) =>
        symbol is IMethodSymbol method
            ? (method.ReducedFrom ?? method).OriginalDefinition
            : symbol.OriginalDefinition;

    /// <summary>Lambdas and local functions: their types are checked where the script writes them.</summary>
    public static bool IsDeclaredByScript(ISymbol symbol) =>
        symbol
            is IMethodSymbol
            {
                MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction
            };

    /// <summary>Exception types a catch clause may not name: the engine stops scripts by throwing these.</summary>
    public static bool CatchesLimitsOf(ITypeSymbol type) =>
        type is ITypeParameterSymbol
        || FullName(type)
            is "System.Exception"
                or "System.SystemException"
                or "System.OutOfMemoryException"
                or "System.InsufficientExecutionStackException"
                or "System.StackOverflowException";

    private static Rejection? Definition(INamedTypeSymbol type, TypeUse use)
    {
        if (type.ContainingType is { } container)
            return Definition(container.OriginalDefinition, use) is { } outer
                ? outer with
                {
                    Culprit = type,
                }
                : null;
        var ns = Namespace(type);
        var name = FullName(type);
        if (
            AllowedNamespaces.Contains(ns)
            || AllowedTypes.Contains(name)
            || (use == TypeUse.Signature && SignatureOnlyTypes.Contains(name))
        )
            return null;
        return new Rejection(Reason(name, ns), type);
    }

    private static string? Reason(string type, string ns)
    {
        if (TypeReasons.TryGetValue(type, out var reason))
            return reason;
        foreach (var (prefix, why) in NamespaceReasons)
            if (ns == prefix || ns.StartsWith(prefix + ".", StringComparison.Ordinal))
                return why;
        return null;
    }

    private static Rejection? Rule(ISymbol member, bool written)
    {
        var type = FullName(member.ContainingType);
        if (type == "System.Text.RegularExpressions.Regex")
            return RegexRule(member);
        return (type + "." + member.Name) switch
        {
            "System.Object.GetType" or "System.Convert.ChangeType" => new(Reflection),
            "System.String.Intern"
            or "System.String.IsInterned"
            or "System.Globalization.CultureInfo.ClearCachedData" => new(ProcessState),
            "System.Globalization.CultureInfo.CurrentCulture"
            or "System.Globalization.CultureInfo.CurrentUICulture"
            or "System.Globalization.CultureInfo.DefaultThreadCurrentCulture"
            or "System.Globalization.CultureInfo.DefaultThreadCurrentUICulture" when written => new(
                ProcessState
            ),
            _ => null,
        };
    }

    // A match without a timeout cannot be stopped: the engine's guard never runs inside the regex engine.
    private static Rejection? RegexRule(ISymbol member) =>
        member switch
        {
            { Name: "InfiniteMatchTimeout" } => new(
                "regular expressions need a finite match timeout"
            ),
            { Name: "CacheSize" } => new(ProcessState),
            IMethodSymbol { Name: "Escape" or "Unescape" } => null,
            IMethodSymbol method
                when (method.IsStatic || method.MethodKind == MethodKind.Constructor)
                    && !method.Parameters.Any(p => FullName(p.Type) == "System.TimeSpan") => new(
                PassTimeout
            ),
            _ => null,
        };

    private static Rejection? Signature(ISymbol member)
    {
        IEnumerable<ITypeSymbol> types = member switch
        {
            IMethodSymbol method => method
                .Parameters.Select(p => p.Type)
                .Prepend(method.ReturnType),
            IPropertySymbol property => property
                .Parameters.Select(p => p.Type)
                .Prepend(property.Type),
            IFieldSymbol field => [field.Type],
            IEventSymbol @event => [@event.Type],
            _ => [],
        };
        return types.Select(t => Type(t, TypeUse.Signature)).FirstOrDefault(r => r is not null);
    }

    private static string Namespace(ITypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : "";

    private static string FullName(ITypeSymbol type)
    {
        var ns = Namespace(type);
        return ns.Length == 0 ? type.Name : ns + "." + type.Name;
    }
}

using System.Reflection;
using System.Text;
using Makini.Flows.ScriptHost.Protocol;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Makini.Flows.ScriptHost.Compilation;

/// <summary>
/// Compiles one C# script: wrap it, compile, check its structure and every symbol against the allowlist,
/// inject the guards, emit, and load it into its own
/// collectible context. Called when a flow is validated or prepared, never on a run's hot path.
/// </summary>
internal static class CSharpScriptCompiler
{
    public const string SourcePath = "script.cs";
    private const string GuardName = "__guard";

    private static readonly CSharpParseOptions ParseOptions =
        CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    private static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        optimizationLevel: OptimizationLevel.Release,
        allowUnsafe: false,
        nullableContextOptions: NullableContextOptions.Disable,
        concurrentBuild: false
    );

    public static CompiledScript Compile(string code, string hash)
    {
        var source = CSharpScriptSource.Build(code);
        var (tree, compilation, errors) = CompileSource(source, hash);
        if (errors.Any(ReturnsVoid))
        {
            source = CSharpScriptSource.Build(code, returnLastExpression: false);
            (tree, compilation, errors) = CompileSource(source, hash);
        }
        var userCode = UserBlock(tree);
        if (userCode is null)
            throw new ScriptCompileException(
                errors.Count > 0
                    ? errors.Select(d => ToError(source, d.GetMessage(), d.Location)).ToList()
                    : [new ScriptProblem("C# error: the script's braces do not balance", 1, 1)]
            );
        var reserved = userCode
            .DescendantTokens()
            .Where(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == GuardName)
            .Select(t =>
                ToError(
                    source,
                    $"the name '{GuardName}' is reserved for the engine",
                    t.GetLocation()
                )
            )
            .ToList();
        if (reserved.Count > 0)
            throw new ScriptCompileException(reserved);
        if (errors.Count > 0)
            throw new ScriptCompileException(
                errors.Select(d => ToError(source, d.GetMessage(), d.Location)).ToList()
            );

        var model = compilation.GetSemanticModel(tree);
        var forbidden = CSharpAllowlist
            .Check(model, userCode)
            .Select(v => ToError(source, v.Message, v.Location))
            .ToList();
        if (forbidden.Count > 0)
            throw new ScriptCompileException(forbidden);

        // Guards are inserted without line breaks, so the user's lines stay where they were.
        var guarded = CSharpSyntaxTree.Create(
            (CSharpSyntaxNode)new GuardInjector(model).Visit(tree.GetRoot()),
            ParseOptions,
            SourcePath,
            Encoding.UTF8
        );
        var (function, context) = Load(compilation.ReplaceSyntaxTree(tree, guarded), hash);
        return new CompiledScript(
            function,
            context,
            InputsNamed(userCode),
            CSharpNameReferences.Find(code)
        );
    }

    /// <summary>Which run values the user's code names (a local of the same name counts too: harmless).</summary>
    private static ScriptInputs InputsNamed(BlockSyntax userCode)
    {
        var inputs = ScriptInputs.None;
        foreach (var token in userCode.DescendantTokens())
            if (token.IsKind(SyntaxKind.IdentifierToken))
                inputs |= token.ValueText switch
                {
                    "input" => ScriptInputs.Input,
                    "vars" => ScriptInputs.Vars,
                    "outputs" => ScriptInputs.Outputs,
                    "item" => ScriptInputs.Item,
                    "index" => ScriptInputs.Index,
                    _ => ScriptInputs.None,
                };
        return inputs;
    }

    private static (SyntaxTree, CSharpCompilation, List<Diagnostic>) CompileSource(
        CSharpScriptSource source,
        string hash
    )
    {
        var tree = CSharpSyntaxTree.ParseText(
            SourceText.From(source.Text, Encoding.UTF8),
            ParseOptions,
            SourcePath
        );
        var compilation = CSharpCompilation.Create(
            $"makini-script-{hash[..Math.Min(16, hash.Length)]}",
            [tree],
            ScriptReferences.All,
            CompilationOptions
        );
        var errors = compilation
            .GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .ToList();
        return (tree, compilation, errors);
    }

    /// <summary>The final expression was returned but has no value (CS0029: cannot convert 'void').</summary>
    private static bool ReturnsVoid(Diagnostic diagnostic) =>
        diagnostic.Id == "CS0029"
        && diagnostic.GetMessage().Contains("'void'", StringComparison.Ordinal);

    /// <summary>
    /// The block holding the user's code, or null when the code closed the generated method early (which
    /// would put code outside the checked block).
    /// </summary>
    private static BlockSyntax? UserBlock(SyntaxTree tree)
    {
        var root = (CompilationUnitSyntax)tree.GetRoot();
        return
            root.Members
                is [
                    ClassDeclarationSyntax
                    {
                        Members: [
                            MethodDeclarationSyntax
                            {
                                Body.Statements: [BlockSyntax block, ReturnStatementSyntax]
                            },
                        ],
                    },
                ]
            ? block
            : null;
    }

    private static (CSharpScriptFunction, ScriptLoadContext) Load(
        Microsoft.CodeAnalysis.Compilation compilation,
        string hash
    )
    {
        using var assembly = new MemoryStream();
        var result = compilation.Emit(assembly);
        // The checked script compiled; if its guarded form does not, that is the engine's fault, but it must
        // still reach the user as a script problem rather than as a server error.
        if (!result.Success)
            throw new ScriptCompileException(
                new ScriptProblem(
                    $"C# error: the engine could not add its guards to this script ({string.Join("; ", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.GetMessage()))}); please report it",
                    1,
                    1
                )
            );
        assembly.Position = 0;
        var context = new ScriptLoadContext();
        var loaded = context.LoadFromStream(assembly);
        var method = loaded
            .GetType(CSharpScriptSource.ClassName, throwOnError: true)!
            .GetMethod(CSharpScriptSource.MethodName, BindingFlags.Public | BindingFlags.Static)!;
        return (method.CreateDelegate<CSharpScriptFunction>(), context);
    }

    private static ScriptProblem ToError(
        CSharpScriptSource source,
        string message,
        Location location
    )
    {
        var start = location.GetLineSpan().StartLinePosition;
        var (line, column) = CSharpScriptSource.IsUserLine(start.Line + 1)
            ? source.ToUserPosition(start)
            : (1, 1);
        return new ScriptProblem(
            $"C# error: {message} (line {line}, column {column})",
            line,
            column
        );
    }
}

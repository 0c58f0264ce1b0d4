using Makini.Flows.Engine.Runtime;
using Makini.Flows.ScriptHost.Compilation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Makini.Flows.Engine.Tests.CSharp;

/// <summary>
/// Compiles user code inside the wrapper the engine generates and runs <see cref="CSharpAllowlist"/> on it.
/// The guard parameter is typed <c>object</c> here: the engine's guard type is not part of this check.
/// </summary>
internal static class AllowlistHarness
{
    private const string Prefix = """
        using System; using System.Collections.Generic; using System.Linq; using System.Text; using System.Text.Json.Nodes; using System.Text.RegularExpressions;
        public static class Script
        {
            public static object? Run(JsonNode? input, JsonObject vars, JsonObject outputs, JsonNode? item, int index, object __guard)
            {
                {

        """;

    // The return after the user's block keeps scripts without one compiling; it is not user code.
    private const string Suffix = """

                }
                return null;
            }
        }
        """;

    private static readonly MetadataReference[] References =
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal))
            .Where(path => path.EndsWith(".dll", StringComparison.Ordinal))
            .Select(path => MetadataReference.CreateFromFile(path)),
        MetadataReference.CreateFromFile(typeof(FlowEngine).Assembly.Location),
    ];

    private static readonly CSharpCompilationOptions Options = new(
        OutputKind.DynamicallyLinkedLibrary,
        allowUnsafe: true,
        nullableContextOptions: NullableContextOptions.Enable
    );

    /// <summary>The violations, as "line:column message" with positions relative to the user's code.</summary>
    public static string[] Check(string userCode, bool mustCompile = true)
    {
        var token = TestContext.Current.CancellationToken;
        var tree = CSharpSyntaxTree.ParseText(
            Prefix + userCode + Suffix,
            new CSharpParseOptions(LanguageVersion.Latest),
            cancellationToken: token
        );
        var compilation = CSharpCompilation.Create("Script", [tree], References, Options);
        if (mustCompile)
        {
            var errors = compilation
                .GetDiagnostics(token)
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(d => d.ToString())
                .ToArray();
            errors.ShouldBeEmpty();
        }
        var block = UserBlock(tree.GetRoot(token));
        var violations = CSharpAllowlist.Check(compilation.GetSemanticModel(tree), block);
        return [.. violations.Select(v => $"{Position(block, v.Location)} {v.Message}")];
    }

    private static BlockSyntax UserBlock(SyntaxNode root) =>
        (BlockSyntax)
            root.DescendantNodes().OfType<MethodDeclarationSyntax>().Single().Body!.Statements[0];

    /// <summary>1-based line and column within the user's code, counted the way the engine counts them.</summary>
    public static string Position(BlockSyntax userBlock, Location location)
    {
        var open = userBlock.OpenBraceToken.GetLocation().GetLineSpan().StartLinePosition.Line;
        var start = location.GetLineSpan().StartLinePosition;
        return $"{start.Line - open}:{start.Character + 1}";
    }
}

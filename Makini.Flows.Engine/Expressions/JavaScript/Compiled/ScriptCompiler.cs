using Acornima.Ast;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>A compiled script's step: computes a value from one evaluation's frame.</summary>
internal delegate object? Evaluator(ScriptFrame frame);

/// <summary>
/// Compiles the JavaScript most mappings are written in (member reads, object and array literals, arrow callbacks
/// of <c>map</c>/<c>filter</c>..., operators, a few string methods, <c>const</c> declarations) to a tree of .NET
/// delegates that read the run's JSON directly. Anything outside that subset is not compiled and runs in Jint;
/// the subset has no side effects, so a compiled evaluation can always hand over to Jint half-way. The supported
/// subset is listed in docs/scripts.md.
/// </summary>
internal sealed partial class ScriptCompiler
{
    private const int MaxDepth = 100;
    private readonly List<Dictionary<string, int>> _scopes = [];
    private int _slots;
    private int _depth;

    private ScriptCompiler() { }

    /// <summary>The compiled script, or null when it uses anything the compiler does not cover.</summary>
    public static CompiledJavaScript? TryCompile(Script script)
    {
        try
        {
            return new ScriptCompiler().CompileBody(script.Body);
        }
        catch (UnsupportedScript)
        {
            return null;
        }
    }

    private sealed class UnsupportedScript : Exception;

    private static UnsupportedScript Unsupported() => new();

    /// <summary><c>const</c>/<c>let</c> declarations, then the expression whose value the script returns.</summary>
    private CompiledJavaScript CompileBody(in NodeList<Statement> statements)
    {
        if (statements.Count == 0 || statements[^1] is not ExpressionStatement result)
            throw Unsupported();
        var scope = PushScope();
        // Every name a block declares is in its temporal dead zone until its declaration runs.
        for (var i = 0; i < statements.Count - 1; i++)
            foreach (var declarator in Declarators(statements[i]))
                scope[((Identifier)declarator.Id).Name] = -1;
        var declarations = new List<(int Slot, Evaluator Initializer)>();
        for (var i = 0; i < statements.Count - 1; i++)
            foreach (var declarator in Declarators(statements[i]))
            {
                var initializer = CompileExpression(declarator.Init!);
                var slot = _slots++;
                scope[((Identifier)declarator.Id).Name] = slot;
                declarations.Add((slot, initializer));
            }
        Evaluator? value = null;
        ValueWriter? writer = null;
        if (BuildsContainer(result.Expression))
            writer = CompileWriter(result.Expression);
        else
            value = CompileExpression(result.Expression);
        _scopes.RemoveAt(_scopes.Count - 1);
        return new CompiledJavaScript([.. declarations], value, writer, _slots);
    }

    private static IEnumerable<VariableDeclarator> Declarators(Statement statement)
    {
        if (
            statement is not VariableDeclaration declaration
            || declaration.Kind
                is not (VariableDeclarationKind.Const or VariableDeclarationKind.Let)
        )
            throw Unsupported();
        foreach (var declarator in declaration.Declarations)
            if (declarator.Id is not Identifier || declarator.Init is null)
                throw Unsupported();
        return declaration.Declarations;
    }

    private Dictionary<string, int> PushScope()
    {
        var scope = new Dictionary<string, int>(StringComparer.Ordinal);
        _scopes.Add(scope);
        return scope;
    }

    /// <summary>The slot of a local binding, null for a name no enclosing arrow or declaration binds.</summary>
    private int? LocalSlot(string name)
    {
        for (var i = _scopes.Count - 1; i >= 0; i--)
            if (_scopes[i].TryGetValue(name, out var slot))
                return slot >= 0 ? slot : throw Unsupported(); // read before its declaration: a ReferenceError
        return null;
    }

    private Evaluator CompileExpression(Node node) =>
        Nested<Evaluator>(
            node,
            node switch
            {
                Identifier identifier => _ => CompileIdentifier(identifier.Name),
                Literal literal => _ => CompileLiteral(literal),
                TemplateLiteral template => _ => CompileTemplate(template),
                MemberExpression member => _ => CompileMember(member),
                ChainExpression chain => _ => CompileChain(chain),
                CallExpression call => _ => CompileCall(call),
                ObjectExpression obj => _ => CompileObject(obj),
                ArrayExpression array => _ => CompileArray(array),
                LogicalExpression logical => _ => CompileLogical(logical),
                BinaryExpression binary => _ => CompileBinary(binary),
                UnaryExpression unary => _ => CompileUnary(unary),
                ConditionalExpression conditional => _ => CompileConditional(conditional),
                ParenthesizedExpression parenthesized => _ =>
                    CompileExpression(parenthesized.Expression),
                _ => throw Unsupported(),
            }
        );

    /// <summary>Compiles a sub-expression, refusing nesting deeper than <see cref="MaxDepth"/>.</summary>
    private T Nested<T>(Node node, Func<Node, T> compile)
    {
        if (++_depth > MaxDepth)
            throw Unsupported();
        try
        {
            return compile(node);
        }
        finally
        {
            _depth--;
        }
    }

    private Evaluator CompileIdentifier(string name)
    {
        if (LocalSlot(name) is { } slot)
            return frame => frame.Locals[slot];
        return name switch
        {
            "input" => frame => ScriptValues.FromJson(frame.Run.State.Input),
            "vars" => frame => frame.Run.State.Variables,
            "outputs" => frame => new OutputsView(frame.Run),
            "item" => frame =>
                frame.Run.Loop(frame.Scope) is { } loop
                    ? ScriptValues.FromJson(loop.Items[loop.Index])
                    : ScriptValues.Undefined,
            "index" => frame =>
                frame.Run.Loop(frame.Scope) is { } loop
                    ? (double)loop.Index
                    : ScriptValues.Undefined,
            "undefined" => _ => ScriptValues.Undefined,
            "NaN" => Constant(double.NaN),
            "Infinity" => Constant(double.PositiveInfinity),
            _ => throw Unsupported(),
        };
    }

    /// <summary>Whether a name means the global of that name (no local binding or parameter hides it).</summary>
    private bool IsGlobal(string name) =>
        LocalSlot(name) is null
        && name is not ("input" or "vars" or "outputs" or "item" or "index");

    private static Evaluator Constant(object? value) => _ => value;
}

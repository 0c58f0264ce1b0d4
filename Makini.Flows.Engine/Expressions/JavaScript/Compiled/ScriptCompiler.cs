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
    private readonly List<Dictionary<string, Local>> _scopes = [];
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

    /// <summary>
    /// A name a block or function binds: a slot (-1 while in its temporal dead zone), whether assignments may
    /// change it, or the helper function a <c>const</c> or <c>function</c> declaration names (with the form that
    /// writes its result, when it returns its value at once, for a <c>map</c> whose result is only written).
    /// </summary>
    private readonly record struct Local(
        int Slot,
        bool Mutable,
        ScriptCallback? Function = null,
        WritingCallback? Writer = null
    );

    /// <summary>
    /// The script's statements (the source is a function body); its last statement, when it is an expression or
    /// a <c>return</c>, gives the result, written while it is computed when it builds an object or array.
    /// </summary>
    private CompiledJavaScript CompileBody(in NodeList<Statement> statements)
    {
        var result = statements.Count > 0 ? ResultExpression(statements[^1]) : null;
        var leading = result is null ? statements.Count : statements.Count - 1;
        PushScope(statements.SelectMany(DeclaredNames));
        var body = Sequence(statements.Take(leading).Select(CompileStatement).ToArray());
        Evaluator? value = null;
        ValueWriter? writer = null;
        if (result is not null && BuildsContainer(result))
            writer = CompileWriter(result);
        else if (result is not null)
            value = CompileExpression(result);
        PopScope();
        return new CompiledJavaScript(body, value, writer, _slots);
    }

    /// <summary>The expression a last statement returns: an expression statement (the script's value) or a <c>return</c>.</summary>
    private static Expression? ResultExpression(Statement statement) =>
        statement switch
        {
            ExpressionStatement expression => expression.Expression,
            ReturnStatement { Argument: { } argument } => argument,
            _ => null,
        };

    /// <summary>Opens a block's scope with every name it declares in its temporal dead zone until its declaration runs.</summary>
    private Dictionary<string, Local> PushScope(IEnumerable<string> declaredNames)
    {
        var scope = PushScope();
        foreach (var name in declaredNames)
            scope[name] = new Local(-1, false);
        return scope;
    }

    private Dictionary<string, Local> PushScope()
    {
        var scope = new Dictionary<string, Local>(StringComparer.Ordinal);
        _scopes.Add(scope);
        return scope;
    }

    private void PopScope() => _scopes.RemoveAt(_scopes.Count - 1);

    /// <summary>A local binding of the name, null for a name no enclosing function, block or declaration binds.</summary>
    private Local? FindLocal(string name)
    {
        for (var i = _scopes.Count - 1; i >= 0; i--)
            if (_scopes[i].TryGetValue(name, out var local))
                return local.Slot >= 0 || local.Function is not null ? local : throw Unsupported(); // read before its declaration: a ReferenceError
        return null;
    }

    /// <summary>The slot of a local value binding; a helper function's name is not a value the subset holds.</summary>
    private int? LocalSlot(string name) =>
        FindLocal(name) is { } local
            ? local.Function is null
                ? local.Slot
                : throw Unsupported()
            : null;

    /// <summary>Binds a declared name in the innermost scope.</summary>
    private int Declare(string name, bool mutable)
    {
        var slot = _slots++;
        _scopes[^1][name] = new Local(slot, mutable);
        return slot;
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
                UpdateExpression update => _ => CompileUpdate(update),
                UnaryExpression unary => _ => CompileUnary(unary),
                ConditionalExpression conditional => _ => CompileConditional(conditional),
                AssignmentExpression assignment => _ => CompileAssignment(assignment),
                NewExpression { Callee: Identifier { Name: "Set" } } creation
                    when IsGlobal("Set") => _ => CompileNewSet(creation),
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
        FindLocal(name) is null
        && name is not ("input" or "vars" or "outputs" or "item" or "index");

    private static Evaluator Constant(object? value) => _ => value;
}

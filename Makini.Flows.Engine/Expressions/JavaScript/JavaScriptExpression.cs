using System.Text.Json.Nodes;
using Acornima;
using Acornima.Ast;
using Jint;
using Makini.Flows.Engine.Expressions.JavaScript.Compiled;
using Makini.Flows.Engine.Runtime;
using JintEngine = Jint.Engine;

namespace Makini.Flows.Engine.Expressions.JavaScript;

/// <summary>
/// A JavaScript expression or script, parsed once in strict mode. Its value is that of its last statement
/// when that is an expression, so both <c>input.total &gt; 100</c> and <c>const t = input.total; t * 2</c> work.
/// The source is compiled into a function of <c>(input, vars, outputs, item, index)</c>: a run's values arrive as
/// arguments, never as globals, so pooled engines can be shared by runs without leaking state between them.
/// </summary>
internal sealed class JavaScriptExpression : CompiledExpression
{
    public const string Parameters = "input, vars, outputs, item, index";

    // The inner block lets a script declare names of its own, even one that shadows a parameter.
    private const string Prefix = "(function (" + Parameters + ") {{\n";
    private const string Suffix = "\n}})";
    private const string ReturnKeyword = "return ";

    private JavaScriptExpression(
        Script syntax,
        Prepared<Script> function,
        int returnLine,
        int returnColumn
    )
    {
        Syntax = syntax;
        Function = function;
        Compiled = ScriptCompiler.TryCompile(syntax);
        _returnLine = returnLine;
        _returnColumn = returnColumn;
    }

    private readonly int _returnLine;
    private readonly int _returnColumn;

    /// <summary>The parsed user script, for diagnostics.</summary>
    public Script Syntax { get; }

    /// <summary>
    /// The script compiled to .NET delegates when it keeps to the subset <see cref="ScriptCompiler"/> covers;
    /// evaluations it cannot finish go to Jint.
    /// </summary>
    public CompiledJavaScript? Compiled { get; }

    /// <summary>A script whose value is the compiled function; evaluated once per engine.</summary>
    public Prepared<Script> Function { get; }

    public static JavaScriptExpression Compile(string source) => Compile(source, DefaultLimits);

    private static readonly ScriptLimits DefaultLimits = new();

    /// <summary>Refuses sources longer or more deeply nested than the limits before parsing them.</summary>
    public static JavaScriptExpression Compile(string source, ScriptLimits limits)
    {
        if (source.Length > limits.MaxScriptLength)
            throw SyntaxError(
                $"the script is longer than {limits.MaxScriptLength:N0} characters",
                (1, limits.MaxScriptLength + 1)
            );
        if (JavaScriptNesting.FindTooDeep(source, limits.MaxNestingDepth) is { } deep)
            throw SyntaxError(
                $"the script nests deeper than {limits.MaxNestingDepth} levels",
                deep
            );
        try
        {
            return CompileParsable(source);
        }
        catch (ScriptPreparationException preparation)
            when (preparation.InnerException is not ParseErrorException)
        {
            // The parser's own depth limit, or its stack guard: point at where the script first nests deeply.
            throw SyntaxError(
                "the script nests too deeply to be parsed",
                JavaScriptNesting.FindTooDeep(source, 16) ?? (1, 1)
            );
        }
    }

    private static JavaScriptExpression CompileParsable(string source)
    {
        var script = Parse(source);
        var body = source;
        int returnLine = 0,
            returnColumn = 0;
        if (script.Body.Count > 0 && script.Body[^1] is ExpressionStatement last)
        {
            body = source.Insert(last.Start, ReturnKeyword);
            returnLine = last.Location.Start.Line;
            returnColumn = last.Location.Start.Column + 1;
        }
        return new JavaScriptExpression(
            script,
            Prepare(Prefix + body + Suffix),
            returnLine,
            returnColumn
        );
    }

    private static Script Parse(string source) => Prepare(source).Program!;

    private static Prepared<Script> Prepare(string source)
    {
        try
        {
            return JintEngine.PrepareScript(source, strict: true);
        }
        catch (ScriptPreparationException preparation)
            when (preparation.InnerException is ParseErrorException exception)
        {
            // Acornima counts columns from 0; users (and editors) count from 1.
            throw SyntaxError(exception.Description, (exception.LineNumber, exception.Column + 1));
        }
    }

    private static ScriptSyntaxException SyntaxError(
        string description,
        (int Line, int Column) at
    ) =>
        new(
            new ScriptError(
                $"JavaScript syntax error: {description} (line {at.Line}, column {at.Column})",
                at.Line,
                at.Column
            )
        );

    /// <summary>Maps a 1-based position in the compiled function back to the user's source.</summary>
    public (int Line, int Column) ToSourcePosition(int line, int column)
    {
        var sourceLine = line - 1;
        if (sourceLine == _returnLine && column >= _returnColumn + ReturnKeyword.Length)
            column -= ReturnKeyword.Length;
        return (sourceLine, column);
    }

    /// <summary>Both Jint's results and the compiled code's are turned into new JSON nodes.</summary>
    public override bool ResultIsFresh => true;

    public override JsonNode? Evaluate(RunExecution run, int scope) =>
        Compiled is { } compiled
        && run.Options.CompileJavaScript
        && compiled.TryEvaluate(run, scope, out var value)
            ? value
            : run.JavaScript.Evaluate(this, scope);
}

using System.Diagnostics;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>
/// One evaluation of a compiled script: the run it reads, its local bindings (parameters, constants and
/// variables, by slot), the value a <c>return</c> gives, and the budget that hands a runaway evaluation to Jint,
/// whose limits then apply.
/// </summary>
internal sealed class ScriptFrame(RunExecution run, int scope, int slots)
{
    private const int MaxSteps = 1_000_000;
    private const int MaxResultDepth = 64;
    private readonly long _started = Stopwatch.GetTimestamp();
    private int _steps;
    private long _characters;
    private long _elements;
    private int _resultNodesLeft = run.Options.ScriptLimits.MaxResultNodes;

    public RunExecution Run { get; } = run;
    public int Scope { get; } = scope;
    public object?[] Locals { get; } = slots == 0 ? [] : new object?[slots];

    /// <summary>The value of the <c>return</c> that ended the running function or script.</summary>
    public object? Returned { get; set; }

    /// <summary>
    /// Counts a call or a loop's turn; past the budget, once the run is cancelled, or once the evaluation has run
    /// longer than a script may (a loop whose turns each do much work), Jint decides, under its own limits.
    /// </summary>
    public void CountCallback()
    {
        if (++_steps > MaxSteps)
            throw ScriptBailout.Instance;
        if (
            (_steps & 255) == 0
            && (
                Run.CancellationToken.IsCancellationRequested
                || Stopwatch.GetElapsedTime(_started) > Run.Options.ScriptLimits.Timeout
            )
        )
            throw ScriptBailout.Instance;
    }

    /// <summary>Counts a value written to the result; past the node or depth limit, Jint's limits decide.</summary>
    public void CountResultNode(int depth)
    {
        if (--_resultNodesLeft < 0 || depth > MaxResultDepth)
            throw ScriptBailout.Instance;
    }

    /// <summary>Counts characters of built strings; past the limit of one string, Jint's memory limits decide.</summary>
    public string CountString(string text)
    {
        _characters += text.Length;
        if (
            text.Length > Run.Options.ScriptLimits.MaxStringLength
            || _characters > Run.Options.ScriptLimits.MaxMemoryBytes / 2
        )
            throw ScriptBailout.Instance;
        return text;
    }

    /// <summary>Counts elements and properties added to built arrays and objects; past the array limit, Jint decides.</summary>
    public void CountElements(int count)
    {
        _elements += count;
        if (_elements > Run.Options.ScriptLimits.MaxArrayLength)
            throw ScriptBailout.Instance;
    }
}

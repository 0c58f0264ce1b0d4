using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>
/// One evaluation of a compiled script: the run it reads, its local bindings (arrow parameters and constants, by
/// slot), and the budget that hands a runaway evaluation to Jint, whose limits then apply.
/// </summary>
internal sealed class ScriptFrame(RunExecution run, int scope, int slots)
{
    private const int MaxCallbacks = 1_000_000;
    private const int MaxResultDepth = 64;
    private int _callbacks;
    private long _characters;
    private int _resultNodesLeft = run.Options.ScriptLimits.MaxResultNodes;

    public RunExecution Run { get; } = run;
    public int Scope { get; } = scope;
    public object?[] Locals { get; } = slots == 0 ? [] : new object?[slots];

    public void CountCallback()
    {
        if (++_callbacks > MaxCallbacks)
            throw ScriptBailout.Instance;
        if ((_callbacks & 1023) == 0 && Run.CancellationToken.IsCancellationRequested)
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
}

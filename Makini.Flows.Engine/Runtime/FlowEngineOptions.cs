using Makini.Flows.Engine.Expressions.CSharp;
using Makini.Flows.Engine.Expressions.JavaScript;
using Makini.Flows.Engine.Model;

namespace Makini.Flows.Engine.Runtime;

public sealed class FlowEngineOptions
{
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Limits applied to every JavaScript evaluation.</summary>
    public ScriptLimits ScriptLimits { get; init; } = new();

    /// <summary>
    /// Whether JavaScript that keeps to the common mapping subset (member reads, literals, arrow callbacks of
    /// map/filter, operators, a few string methods) runs as compiled .NET code instead of in Jint. Same results;
    /// off only to compare the two.
    /// </summary>
    public bool CompileJavaScript { get; init; } = true;

    /// <summary>Limits applied to every C# evaluation.</summary>
    public CSharpLimits CSharpLimits { get; init; } = new();

    /// <summary>Finds flows started by RunFlow; without it RunFlow faults.</summary>
    public IFlowProvider? Flows { get; init; }

    /// <summary>Whether the journal records each activity execution.</summary>
    public bool RecordJournal { get; init; } = true;

    /// <summary>How deep RunFlow may nest before the run faults (guards against a flow calling itself).</summary>
    public int MaxSubflowDepth { get; init; } = 16;

    /// <summary>Most activity executions one run may make, so a flowchart cycle without an exit cannot spin forever.</summary>
    public int MaxActivityExecutions { get; init; } = 1_000_000;

    /// <summary>Receives Log activity messages as they happen: run, activity id, level, message.</summary>
    public Action<RunState, string, string, string>? Log { get; init; }

    /// <summary>Receives live run events (for the designer's live view).</summary>
    public IRunObserver? Observer { get; init; }

    /// <summary>
    /// Services the host offers activities (an outbound HTTP client, a secret store...), read with
    /// <see cref="Activities.ActivityContext.GetService{T}"/>. Without it activities that need one fault with a clear message.
    /// </summary>
    public IServiceProvider? Services { get; init; }
}

/// <summary>Resolves a flow id to its definition, for RunFlow. The engine validates and caches the plan.</summary>
public interface IFlowProvider
{
    ValueTask<FlowDefinition?> FindAsync(string flowId, CancellationToken cancellationToken);
}

/// <summary>Live events of runs, called on the run's own thread; keep handlers quick.</summary>
public interface IRunObserver
{
    void ActivityStarted(RunState run, JournalEntry entry);

    void ActivityFinished(RunState run, JournalEntry entry);

    void RunFinished(RunState run);
}

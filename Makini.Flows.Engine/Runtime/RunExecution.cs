using System.Text.Json.Nodes;
using Makini.Flows.Engine.Activities;
using Makini.Flows.Engine.Expressions.CSharp;
using Makini.Flows.Engine.Expressions.JavaScript;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Values;

namespace Makini.Flows.Engine.Runtime;

/// <summary>
/// One stretch of a run's execution: loads the run state, works the token queue until the run completes,
/// faults, is cancelled or has only bookmarks left, and writes the state back. Single-threaded: parallel
/// branches interleave in queue order. The semantics are documented in docs/semantics.md.
/// </summary>
internal sealed partial class RunExecution : IDisposable
{
    private const int RootScope = 0;

    /// <summary>Marks a token that fires a Join without an arrival (its scope ran out of work).</summary>
    internal const int ForcedJoin = -1;

    private readonly Queue<Token> _queue;
    private readonly Dictionary<int, ScopeState> _scopes;
    private readonly Dictionary<int, int> _live = [];
    private readonly ActivityContext _context;
    private JavaScriptRuntime? _javaScript;
    private CSharpRuntime? _cSharp;
    private bool _finished;
    private int _executions;
    private readonly System.Diagnostics.Activity? _span;

    public RunExecution(
        FlowEngine engine,
        FlowPlan plan,
        RunState state,
        int depth,
        CancellationToken cancellationToken
    )
    {
        Engine = engine;
        Plan = plan;
        State = state;
        Depth = depth;
        CancellationToken = cancellationToken;
        _queue = new Queue<Token>(state.Queue);
        _scopes = state.Scopes.ToDictionary(s => s.Id);
        _context = new ActivityContext(this);
        _span = EngineTelemetry.Traces.StartActivity("run");
        _span?.SetTag("makini.run.id", state.RunId);
        _span?.SetTag("makini.flow.id", state.FlowId);
        RecountLive();
    }

    public FlowEngine Engine { get; }
    public FlowPlan Plan { get; }
    public RunState State { get; }
    public int Depth { get; }
    public CancellationToken CancellationToken { get; }
    public FlowEngineOptions Options => Engine.Options;

    public CSharpRuntime CSharp => _cSharp ??= new CSharpRuntime(this, Engine.CSharpHosts);

    public JavaScriptRuntime JavaScript =>
        _javaScript ??= new JavaScriptRuntime(this, Engine.JavaScriptEngines);

    public void Enqueue(Token token)
    {
        _queue.Enqueue(token);
        AddLive(token.Scope, 1);
    }

    /// <summary>Executes queued tokens until nothing can run, then sets the run's status.</summary>
    public async Task RunAsync()
    {
        State.Status = RunStatus.Running;
        try
        {
            while (!_finished)
            {
                if (_queue.TryDequeue(out var token))
                {
                    AddLive(token.Scope, -1);
                    CancellationToken.ThrowIfCancellationRequested();
                    await ExecuteTokenAsync(token);
                    if (!_finished)
                    {
                        SettleScope(token.Scope);
                        await CheckpointAsync();
                    }
                }
                else if (!FirePendingJoin(RootScope))
                {
                    break;
                }
            }
            if (!_finished)
                Finish(State.Bookmarks.Count > 0 ? RunStatus.Suspended : RunStatus.Completed);
        }
        catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
        {
            DropPendingWork();
            Finish(RunStatus.Cancelled);
        }
        finally
        {
            SaveQueue();
        }
    }

    /// <summary>Continues an activity whose bookmark was resumed.</summary>
    public async Task ResumeBookmarkAsync(Bookmark bookmark, JsonNode? payload)
    {
        State.Status = RunStatus.Running;
        State.Bookmarks.Remove(bookmark);
        AddLive(bookmark.Scope, -1);
        var node = Plan.Node(bookmark.ActivityId);
        var entry = BeginEntry(node, bookmark.Scope);
        await InvokeAsync(node, bookmark.Scope, entry, null, resume: true, payload);
        if (!_finished)
            SettleScope(bookmark.Scope);
    }

    private async Task ExecuteTokenAsync(Token token)
    {
        var node = Plan.Node(token.ActivityId);
        if (++_executions > Options.MaxActivityExecutions)
        {
            Fault(
                node,
                BeginEntry(node, token.Scope),
                token,
                new InvalidOperationException(
                    $"the run made more than {Options.MaxActivityExecutions:N0} activity executions; does the flowchart loop without an exit?"
                )
            );
            return;
        }
        if (
            node.Activity is Activities.BuiltIn.Join
            && token.Connection != ForcedJoin
            && !ArriveAtJoin(node, token)
        )
            return;
        var entry = BeginEntry(node, token.Scope);
        await InvokeAsync(node, token.Scope, entry, token, resume: false, payload: null);
    }

    private async Task InvokeAsync(
        NodePlan node,
        int scope,
        JournalEntry entry,
        Token? token,
        bool resume,
        JsonNode? payload
    )
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var span = EngineTelemetry.Traces.StartActivity(node.Descriptor.Type);
        span?.SetTag("makini.activity.id", node.Id);
        ActivityResult result;
        try
        {
            _context.Enter(node, scope, entry);
            result = resume
                ? await node.Activity.ResumeAsync(_context, payload)
                : await node.Activity.ExecuteAsync(_context);
        }
        catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            EndEntry(entry, started);
            Fault(node, entry, token, exception);
            return;
        }
        EndEntry(entry, started);
        Apply(node, scope, entry, result);
        Options.Observer?.ActivityFinished(State, entry);
    }

    private JournalEntry BeginEntry(NodePlan node, int scope)
    {
        var entry = new JournalEntry
        {
            Sequence = State.NextSequence++,
            ActivityId = node.Id,
            ActivityType = node.Descriptor.Type,
            StartedAt = Options.TimeProvider.GetUtcNow(),
            Iteration = scope == RootScope ? null : IterationLabel(scope),
        };
        if (Options.RecordJournal && Plan.Definition.Settings?.Journal != JournalPolicy.None)
            State.Journal.Add(entry);
        Options.Observer?.ActivityStarted(State, entry);
        return entry;
    }

    private void EndEntry(JournalEntry entry, long started)
    {
        entry.EndedAt = Options.TimeProvider.GetUtcNow();
        entry.DurationMs = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (EngineTelemetry.ActivityDuration.Enabled)
            EngineTelemetry.ActivityDuration.Record(
                entry.DurationMs,
                new KeyValuePair<string, object?>("type", entry.ActivityType)
            );
    }

    private void Apply(NodePlan node, int scope, JournalEntry entry, ActivityResult result)
    {
        switch (result.Kind)
        {
            case ResultKind.Outcome:
                entry.Outcomes = [result.Port!];
                Emit(node, result.Port!, scope);
                break;
            case ResultKind.Outcomes:
                entry.Outcomes = result.Ports;
                foreach (var port in result.Ports!)
                    Emit(node, port, scope);
                break;
            case ResultKind.Suspend:
                var request = result.Bookmark!;
                State.Bookmarks.Add(
                    new Bookmark
                    {
                        Id = Guid.NewGuid().ToString("N"),
                        ActivityId = node.Id,
                        Scope = scope,
                        Kind = request.Kind,
                        ResumeAt = request.ResumeAt,
                        Payload = request.Payload,
                        ChildRun = request.ChildRun,
                    }
                );
                AddLive(scope, 1);
                entry.Suspended = true;
                break;
            case ResultKind.CompleteRun:
                entry.Outcomes = ["(run completed)"];
                State.Output = result.Value;
                DropPendingWork();
                Finish(RunStatus.Completed);
                break;
            case ResultKind.Iterate:
                entry.Outcomes =
                [
                    ((JsonArray)result.Value!).Count > 0 ? ActivityPorts.Body : ActivityPorts.Done,
                ];
                BeginLoop(node, scope, (JsonArray)result.Value!);
                break;
            case ResultKind.None:
                break;
        }
    }

    private void Emit(NodePlan node, string port, int scope)
    {
        foreach (var edge in node.EdgesFrom(port))
            Enqueue(new Token(edge.Target.Id, scope, edge.Connection));
    }

    private void Fault(NodePlan node, JournalEntry entry, Token? token, Exception exception)
    {
        entry.Error = exception.Message;
        State.Error = new RunError(exception.Message, node.Id, node.Descriptor.Type);
        State.FaultedToken = token;
        Options.Observer?.ActivityFinished(State, entry);
        Finish(RunStatus.Faulted);
    }

    private void Finish(RunStatus status)
    {
        _finished = true;
        State.Status = status;
        if (
            Plan.Definition.Settings?.Journal is JournalPolicy.Errors or JournalPolicy.None
            && status is RunStatus.Completed or RunStatus.Cancelled
        )
        {
            // A finished run that keeps no journal keeps no per-activity outputs either: nothing will read them
            // (they serve later activities, a retry or a resume), and they are often most of the stored state.
            State.Journal.Clear();
            State.Outputs.Clear();
        }
        if (status != RunStatus.Suspended)
            State.FinishedAt = Options.TimeProvider.GetUtcNow();
    }

    private void DropPendingWork()
    {
        _queue.Clear();
        _scopes.Clear();
        _live.Clear();
        State.Bookmarks.Clear();
        State.Joins.Clear();
    }

    /// <summary>Hands the host the state between two activities, so a crash loses at most the one in flight.</summary>
    private async ValueTask CheckpointAsync()
    {
        if (Checkpoint is null)
            return;
        SaveQueue();
        await Checkpoint(State, CancellationToken);
    }

    /// <summary>Called after every activity with the run's state, consistent and serializable.</summary>
    public Func<RunState, CancellationToken, ValueTask>? Checkpoint { get; init; }

    private void SaveQueue()
    {
        State.Queue.Clear();
        State.Queue.AddRange(_queue);
        State.Scopes.Clear();
        State.Scopes.AddRange(_scopes.Values.OrderBy(s => s.Id));
    }

    private void AddLive(int scope, int delta) =>
        _live[scope] = _live.GetValueOrDefault(scope) + delta;

    private int Live(int scope) => _live.GetValueOrDefault(scope);
}

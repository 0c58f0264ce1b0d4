using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Makini.Flows.Engine.Activities;
using Makini.Flows.Engine.Activities.BuiltIn;
using Makini.Flows.Engine.Expressions;
using Makini.Flows.Engine.Expressions.CSharp;
using Makini.Flows.Engine.Expressions.JavaScript;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Engine.Runtime;

/// <summary>
/// Prepares flows and runs them. Thread-safe: one engine serves any number of concurrent runs;
/// each run is executed by one caller at a time.
/// </summary>
public sealed class FlowEngine
{
    private readonly FlowPlanBuilder _planBuilder;
    private const int MaxCachedPlans = 1_000;
    private readonly ConcurrentDictionary<string, FlowPlan> _plans = new(StringComparer.Ordinal);

    public FlowEngine(ActivityRegistry? registry = null, FlowEngineOptions? options = null)
    {
        Registry = registry ?? ActivityRegistry.CreateWithBuiltIns();
        Options = options ?? new FlowEngineOptions();
        CSharpHosts = ScriptHostPool.For(Options.CSharpLimits);
        Compiler = new ExpressionCompiler(
            Options.ScriptLimits,
            new CSharpCompilations(CSharpHosts, Options.CSharpLimits)
        );
        Diagnostics = new ExpressionDiagnostics(Compiler);
        Validator = new FlowValidator(Registry, Diagnostics);
        _planBuilder = new FlowPlanBuilder(Registry, Compiler);
        JavaScriptEngines = new SandboxedEnginePool(Options.ScriptLimits);
    }

    public ActivityRegistry Registry { get; }
    public FlowEngineOptions Options { get; }
    public FlowValidator Validator { get; }
    internal ExpressionCompiler Compiler { get; }
    internal ExpressionDiagnostics Diagnostics { get; }
    internal SandboxedEnginePool JavaScriptEngines { get; }

    /// <summary>The script host processes C# scripts compile and run in.</summary>
    internal ScriptHostPool CSharpHosts { get; }

    /// <summary>Validates a flow and builds its plan; the plan is cached by the flow's content hash.</summary>
    public FlowPlan Prepare(FlowDefinition flow)
    {
        var hash = FlowPlanBuilder.HashOf(flow);
        if (_plans.TryGetValue(hash, out var cached))
            return cached;
        var problems = Validator.Validate(flow);
        if (problems.HasErrors)
            throw new FlowValidationException(problems);
        if (_plans.Count >= MaxCachedPlans)
            _plans.Clear();
        return _plans.GetOrAdd(hash, _planBuilder.Build(flow, hash));
    }

    /// <summary>
    /// Forgets every prepared plan and what the script hosts said of each C# script.
    /// Hosts call it when many flow versions have come and gone; tests use it to measure that memory comes back.
    /// </summary>
    public void ReleaseCaches()
    {
        _plans.Clear();
        Compiler.EvictCSharp();
    }

    /// <summary>
    /// Checks one JavaScript or C# expression for the designer's editor: compile errors (and forbidden APIs)
    /// and, given the flow, names of variables and activities that do not exist; each with line and column.
    /// </summary>
    public IReadOnlyList<ScriptError> ValidateExpression(
        InputExpression expression,
        FlowDefinition? flow = null
    ) => Diagnostics.Check(expression, flow);

    /// <summary>
    /// Starts a C# script host and compiles a JavaScript expression, so the first user script does not pay the
    /// start-up. The host's compiler warms up in its own process: nothing of it loads into this one.
    /// </summary>
    public void WarmUp()
    {
        CSharpHosts.WarmUp();
        Compiler.Compile(InputExpression.FromJavaScript("input === null"));
    }

    /// <summary>How C# script hosts are walled off from the machine (see docs/scripts.md).</summary>
    public HostIsolation ScriptHostIsolation => CSharpHosts.Isolation;

    /// <summary>Starts a run and executes it until it completes, faults, or waits on bookmarks.</summary>
    public Task<RunState> StartAsync(
        FlowPlan plan,
        JsonNode? input = null,
        CancellationToken cancellationToken = default
    ) => ContinueAsync(plan, CreateRun(plan, input), depth: 0, cancellationToken);

    /// <summary>
    /// A new run, checked against the flow's input shape, not yet executed: hosts that must store a run
    /// before it executes (to answer 202 with its id, or to survive a crash) create it here and execute it
    /// with <see cref="ContinueAsync(FlowPlan, RunState, CancellationToken, Func{RunState, CancellationToken, ValueTask})"/>.
    /// </summary>
    /// <param name="runId">
    /// The run's id; a new one when null. Hosts pass one derived from what started the run (a schedule's fire, an
    /// event) so that a second start of the same thing collides with the first in storage instead of running twice.
    /// </param>
    public RunState CreateRun(FlowPlan plan, JsonNode? input, string? runId = null)
    {
        var problems = FlowInputChecker.Check(plan.Definition.Inputs, input, "/input");
        if (problems.Count > 0)
            throw new FlowInputException(problems);
        var state = new RunState
        {
            RunId = runId ?? Guid.CreateVersion7().ToString("N"),
            FlowId = plan.FlowId,
            FlowHash = plan.Hash,
            Input = input ?? new JsonObject(),
            CreatedAt = Options.TimeProvider.GetUtcNow(),
        };
        foreach (var variable in plan.Definition.Variables)
            state.Variables[variable.Name] = variable.Default?.DeepClone();
        state.Queue.Add(new Token(plan.Start.Id, 0, null));
        EngineTelemetry.RunsStarted.Add(1, new KeyValuePair<string, object?>("flow", plan.FlowId));
        return state;
    }

    /// <summary>
    /// Evaluates one input of the flow's start activity as a run with <paramref name="input"/> would see it when it
    /// begins, without creating or storing a run: triggers use it to decide whether to start one at all (an event
    /// trigger's filter). Null when the input is neither written nor defaulted.
    /// </summary>
    public JsonNode? EvaluateStartInput(
        FlowPlan plan,
        string inputName,
        JsonNode? input,
        CancellationToken cancellationToken = default
    )
    {
        var descriptor =
            plan.Start.Descriptor.FindInput(inputName)
            ?? throw new ArgumentException(
                $"{plan.Start.Descriptor.Type} has no input '{inputName}'",
                nameof(inputName)
            );
        if (
            descriptor.Property.GetValue(plan.Start.Activity)
            is not IBoundInput { Expression: { } expression }
        )
            return null;
        var state = new RunState
        {
            RunId = "",
            FlowId = plan.FlowId,
            FlowHash = plan.Hash,
            Input = input ?? new JsonObject(),
            CreatedAt = Options.TimeProvider.GetUtcNow(),
        };
        foreach (var variable in plan.Definition.Variables)
            state.Variables[variable.Name] = variable.Default?.DeepClone();
        using var execution = new RunExecution(this, plan, state, depth: 0, cancellationToken);
        return expression.Evaluate(execution, 0);
    }

    /// <summary>
    /// Executes a run that is Running: a new one from <see cref="CreateRun"/>, or one whose execution was
    /// interrupted (its stored queue is worked from where it was last stored).
    /// </summary>
    /// <param name="checkpoint">
    /// Called between activities with the run's state, for hosts that store it as it goes: after a crash the
    /// stored state is continued, and only the activity that was in flight runs again.
    /// </param>
    public Task<RunState> ContinueAsync(
        FlowPlan plan,
        RunState state,
        CancellationToken cancellationToken = default,
        Func<RunState, CancellationToken, ValueTask>? checkpoint = null
    )
    {
        EnsurePinned(plan, state);
        if (state.Status != RunStatus.Running)
            throw new InvalidOperationException(
                $"run {state.RunId} is {state.Status}, not Running"
            );
        return ContinueAsync(plan, state, depth: 0, cancellationToken, checkpoint);
    }

    internal Task<RunState> StartAsync(
        FlowPlan plan,
        JsonNode? input,
        int depth,
        CancellationToken cancellationToken
    ) => ContinueAsync(plan, CreateRun(plan, input), depth, cancellationToken);

    private async Task<RunState> ContinueAsync(
        FlowPlan plan,
        RunState state,
        int depth,
        CancellationToken cancellationToken,
        Func<RunState, CancellationToken, ValueTask>? checkpoint = null
    )
    {
        using var execution = new RunExecution(this, plan, state, depth, cancellationToken)
        {
            Checkpoint = checkpoint,
        };
        await execution.RunAsync();
        return state;
    }

    /// <summary>
    /// Resumes a suspended run at one of its bookmarks (or a bookmark of a sub-flow it waits on),
    /// then executes until the next stop. The state may come from <see cref="RunStateJson"/>.
    /// </summary>
    public async Task<RunState> ResumeAsync(
        FlowPlan plan,
        RunState state,
        string bookmarkId,
        JsonNode? payload = null,
        CancellationToken cancellationToken = default
    )
    {
        EnsurePinned(plan, state);
        if (state.Status != RunStatus.Suspended)
            throw new InvalidOperationException(
                $"run {state.RunId} is {state.Status}, not Suspended"
            );
        var own = state.Bookmarks.Find(b => b.Id == bookmarkId);
        var holder =
            own
            ?? state.Bookmarks.Find(b =>
                b.ChildRun?.AllBookmarks().Any(n => n.Id == bookmarkId) == true
            );
        if (holder is null)
            throw new KeyNotFoundException($"run {state.RunId} has no bookmark '{bookmarkId}'");

        using var execution = new RunExecution(this, plan, state, depth: 0, cancellationToken);
        if (own is not null)
        {
            await execution.ResumeBookmarkAsync(own, payload);
        }
        else
        {
            var child = holder.ChildRun!;
            var childPlan = await FindFlowAsync(child.FlowId, cancellationToken);
            child = await ResumeAsync(childPlan, child, bookmarkId, payload, cancellationToken);
            holder.ChildRun = child;
            if (child.Status == RunStatus.Suspended)
                return state;
            await execution.ResumeBookmarkAsync(holder, SubflowOutcome.ToPayload(child));
        }
        if (state.Status == RunStatus.Running)
            await execution.RunAsync();
        return state;
    }

    /// <summary>Runs a faulted run again from the activity that failed, keeping everything before it.</summary>
    public async Task<RunState> RetryAsync(
        FlowPlan plan,
        RunState state,
        CancellationToken cancellationToken = default
    )
    {
        EnsurePinned(plan, state);
        if (state.Status != RunStatus.Faulted || state.FaultedToken is null)
            throw new InvalidOperationException(
                $"run {state.RunId} has no failed activity to retry"
            );
        state.Queue.Insert(0, state.FaultedToken);
        state.FaultedToken = null;
        state.Error = null;
        state.FinishedAt = null;
        using var execution = new RunExecution(this, plan, state, depth: 0, cancellationToken);
        await execution.RunAsync();
        return state;
    }

    /// <summary>
    /// Ends a Running run that its host will not execute again (it was interrupted too often): Faulted with
    /// <paramref name="message"/>, at the activity it was about to execute, so a retry continues from there.
    /// </summary>
    public RunState Abandon(RunState state, string message)
    {
        if (state.Status != RunStatus.Running)
            return state;
        var next = state.Queue.FirstOrDefault();
        if (next is not null)
            state.Queue.RemoveAt(0);
        state.FaultedToken = next;
        state.Error = new RunError(message, next?.ActivityId, null);
        state.Status = RunStatus.Faulted;
        state.FinishedAt = Options.TimeProvider.GetUtcNow();
        return state;
    }

    /// <summary>Cancels a run that is not finished: its bookmarks and pending work are dropped.</summary>
    public RunState Cancel(RunState state)
    {
        if (state.Status is RunStatus.Completed or RunStatus.Faulted or RunStatus.Cancelled)
            return state;
        state.Status = RunStatus.Cancelled;
        state.Bookmarks.Clear();
        state.Queue.Clear();
        state.Scopes.Clear();
        state.Joins.Clear();
        state.FinishedAt = Options.TimeProvider.GetUtcNow();
        return state;
    }

    internal async ValueTask<FlowPlan> FindFlowAsync(
        string flowId,
        CancellationToken cancellationToken
    )
    {
        if (Options.Flows is null)
            throw new InvalidOperationException(
                "this engine has no flow provider, so RunFlow cannot find flows"
            );
        var flow =
            await Options.Flows.FindAsync(flowId, cancellationToken)
            ?? throw new InvalidOperationException($"flow '{flowId}' was not found");
        return Prepare(flow);
    }

    private static void EnsurePinned(FlowPlan plan, RunState state)
    {
        if (plan.Hash != state.FlowHash)
            throw new InvalidOperationException(
                $"run {state.RunId} belongs to flow version {state.FlowHash[..12]}, not {plan.Hash[..12]}"
            );
    }
}

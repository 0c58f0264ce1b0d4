using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Values;

namespace Makini.Flows.Engine.Activities;

/// <summary>
/// What an executing activity sees of its run: its inputs, outputs, variables and the log.
/// One instance per run execution is reused for every activity, so never keep a reference to it.
/// </summary>
public sealed class ActivityContext
{
    private readonly RunExecution _run;
    private NodePlan _node = null!;
    private JournalEntry _entry = null!;
    private int _scope;

    internal ActivityContext(RunExecution run) => _run = run;

    internal void Enter(NodePlan node, int scope, JournalEntry entry)
    {
        _node = node;
        _scope = scope;
        _entry = entry;
    }

    public string RunId => _run.State.RunId;

    public string ActivityId => _node.Id;

    public CancellationToken CancellationToken => _run.CancellationToken;

    public TimeProvider Time => _run.Options.TimeProvider;

    /// <summary>
    /// Number of this activity execution within the run. It is the same when the execution is repeated after a
    /// crash (the run continues from its last stored state), so activities can derive idempotency keys from it.
    /// </summary>
    public int ExecutionSequence => _entry.Sequence;

    internal FlowEngine Engine => _run.Engine;

    internal RunExecution Run => _run;

    /// <summary>Evaluates an input; the value is recorded in the journal.</summary>
    public T Get<T>(Input<T> input) => ValueConverter.To<T>(Evaluate(input), input.Name);

    /// <summary>
    /// Evaluates an input to a value the activity may place inside JSON of its own (a node has one parent): a
    /// copy, unless the value is new anyway, as a script's result is. The value is recorded in the journal.
    /// </summary>
    public T GetDetached<T>(Input<T> input)
        where T : JsonNode?
    {
        var value = Evaluate(input);
        if (value is not null && !(input.Expression!.ResultIsFresh && value.Parent is null))
            value = value.DeepClone();
        return ValueConverter.To<T>(value, input.Name);
    }

    private JsonNode? Evaluate<T>(Input<T> input)
    {
        var value = input.Expression?.Evaluate(_run, _scope);
        (_entry.Inputs ??= [])[input.Name] = value;
        return value;
    }

    /// <summary>
    /// Replaces what the journal shows for an input the activity has read, e.g. with credentials masked; the
    /// activity keeps using the value it read.
    /// </summary>
    public void RecordInput(string name, JsonNode? shown) => (_entry.Inputs ??= [])[name] = shown;

    /// <summary>Sets an output, readable by later activities as outputs.&lt;id&gt;.&lt;name&gt;.</summary>
    public void Set<T>(Output<T> output, T value) =>
        SetOutput(output.Name, ValueConverter.From(value));

    public void SetOutput(string name, JsonNode? value)
    {
        var outputs = _entry.Outputs ??= [];
        outputs[name] = value;
        _run.PublishOutputs(_node.Id, outputs);
    }

    /// <summary>Leaves a value for the host under a name (see <see cref="RunState.Properties"/>).</summary>
    public void SetRunProperty(string name, JsonNode? value) => _run.State.Properties[name] = value;

    /// <summary>A service the host offers activities (<see cref="FlowEngineOptions.Services"/>), or null.</summary>
    public T? GetService<T>()
        where T : class => _run.Options.Services?.GetService(typeof(T)) as T;

    /// <summary>A service the host offers activities; faults the activity with a clear message when it offers none.</summary>
    public T GetRequiredService<T>()
        where T : class =>
        GetService<T>()
        ?? throw new InvalidOperationException(
            $"{_node.Descriptor.Type} needs the service {typeof(T).Name}, which this host does not provide (FlowEngineOptions.Services)"
        );

    public JsonNode? GetVariable(string name) => _run.State.Variables.GetValueOrDefault(name);

    /// <summary>Sets a declared variable, checking the value against its declared type.</summary>
    public void SetVariable(string name, JsonNode? value) => _run.SetVariable(name, value);

    public void Log(string level, string message)
    {
        _run.State.Logs.Add(new LogEntry(Time.GetUtcNow(), _node.Id, level, message));
        _run.Options.Log?.Invoke(_run.State, _node.Id, level, message);
    }
}

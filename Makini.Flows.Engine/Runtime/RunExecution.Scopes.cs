using System.Text.Json.Nodes;
using Makini.Flows.Engine.Activities;
using Makini.Flows.Engine.Values;

namespace Makini.Flows.Engine.Runtime;

/// <summary>Loops (iteration scopes) and joins: the parts of the interpreter that wait for work to run out.</summary>
internal sealed partial class RunExecution
{
    private void BeginLoop(NodePlan forEach, int scope, JsonArray items)
    {
        if (items.Count == 0)
        {
            Emit(forEach, ActivityPorts.Done, scope);
            return;
        }
        var loop = new ScopeState
        {
            Id = State.NextScopeId++,
            Parent = scope,
            Owner = forEach.Id,
            Items = items,
            Index = 0,
        };
        _scopes.Add(loop.Id, loop);
        AddLive(scope, 1);
        StartIteration(forEach, loop);
    }

    private void StartIteration(NodePlan forEach, ScopeState loop)
    {
        if (forEach.ItemVariable is { } variable)
            SetVariable(variable, loop.Items[loop.Index]);
        ScopeChanged();
        Emit(forEach, ActivityPorts.Body, loop.Id);
    }

    /// <summary>
    /// Called after work in a scope ends. When a loop iteration has nothing left (no tokens, bookmarks or
    /// inner loops), its waiting joins fire; once none wait, the loop moves to its next item or emits Done.
    /// </summary>
    private void SettleScope(int scope)
    {
        while (scope != RootScope && Live(scope) == 0)
        {
            if (FirePendingJoin(scope))
                return;
            var loop = _scopes[scope];
            var forEach = Plan.Node(loop.Owner);
            if (loop.Index + 1 < loop.Items.Count)
            {
                loop.Index++;
                StartIteration(forEach, loop);
                continue;
            }
            _scopes.Remove(scope);
            _live.Remove(scope);
            AddLive(loop.Parent, -1);
            ScopeChanged();
            Emit(forEach, ActivityPorts.Done, loop.Parent);
            scope = loop.Parent;
        }
    }

    /// <summary>
    /// When a scope has run out of work, the first Join still holding arrivals there fires (WaitAll with the
    /// branches that did arrive) or closes its round (WaitAny). Returns whether anything was scheduled.
    /// </summary>
    private bool FirePendingJoin(int scope)
    {
        if (Live(scope) != 0)
            return false;
        for (var i = 0; i < State.Joins.Count; i++)
        {
            var join = State.Joins[i];
            if (join.Scope != scope)
                continue;
            State.Joins.RemoveAt(i);
            if (join.Fired)
            {
                i--;
                continue;
            }
            Enqueue(new Token(join.ActivityId, scope, ForcedJoin));
            return true;
        }
        return false;
    }

    /// <summary>Records a token arriving at a Join; returns whether the Join fires now.</summary>
    private bool ArriveAtJoin(NodePlan node, Token token)
    {
        var join = State.Joins.Find(j => j.ActivityId == node.Id && j.Scope == token.Scope);
        if (join is null)
        {
            join = new JoinState { ActivityId = node.Id, Scope = token.Scope };
            State.Joins.Add(join);
        }
        join.Arrived.Add(token.Connection!.Value);
        var roundComplete = node.Inbound.All(join.Arrived.Contains);

        if (node.WaitAny)
        {
            var fire = !join.Fired;
            join.Fired = true;
            if (roundComplete)
                State.Joins.Remove(join);
            if (fire)
                CancelFeeders(node, token.Scope);
            return fire;
        }

        if (!roundComplete)
            return false;
        foreach (var connection in node.Inbound)
            join.Arrived.Remove(connection);
        if (join.Arrived.Count == 0)
            State.Joins.Remove(join);
        return true;
    }

    /// <summary>
    /// WaitAny has fired: drop pending work in the same scope from which the Join can still be reached
    /// (queued tokens, bookmarks, running loops), so the losing branches stop.
    /// </summary>
    private void CancelFeeders(NodePlan join, int scope)
    {
        KeepQueued(t => t.Scope != scope || !Plan.CanReach(Plan.Node(t.ActivityId), join));
        var doomedLoops = _scopes
            .Values.Where(s => s.Parent == scope && Plan.CanReach(Plan.Node(s.Owner), join))
            .Select(s => s.Id)
            .ToList();
        foreach (var loop in doomedLoops)
            DropScope(loop);
        State.Bookmarks.RemoveAll(b =>
            b.Scope == scope && Plan.CanReach(Plan.Node(b.ActivityId), join)
        );
        RecountLive();
    }

    private void DropScope(int scope)
    {
        foreach (
            var child in _scopes.Values.Where(s => s.Parent == scope).Select(s => s.Id).ToList()
        )
            DropScope(child);
        _scopes.Remove(scope);
        State.Bookmarks.RemoveAll(b => b.Scope == scope);
        State.Joins.RemoveAll(j => j.Scope == scope);
        KeepQueued(t => t.Scope != scope);
    }

    private void KeepQueued(Func<Token, bool> keep)
    {
        var kept = _queue.Where(keep).ToList();
        _queue.Clear();
        foreach (var token in kept)
            _queue.Enqueue(token);
    }

    private void RecountLive()
    {
        _live.Clear();
        foreach (var token in _queue)
            AddLive(token.Scope, 1);
        foreach (var bookmark in State.Bookmarks)
            AddLive(bookmark.Scope, 1);
        foreach (var scope in _scopes.Values)
            AddLive(scope.Parent, 1);
    }

    /// <summary>The innermost loop's item and index for a scope, or null outside loops.</summary>
    public ScopeState? Loop(int scope) =>
        scope == RootScope ? null : _scopes.GetValueOrDefault(scope);

    private string IterationLabel(int scope)
    {
        var indexes = new List<int>();
        for (var loop = Loop(scope); loop is not null; loop = Loop(loop.Parent))
            indexes.Add(loop.Index);
        indexes.Reverse();
        return string.Join('/', indexes);
    }

    public void SetVariable(string name, JsonNode? value)
    {
        if (!Plan.Variables.TryGetValue(name, out var variable))
            throw new InvalidOperationException($"variable '{name}' is not declared in the flow");
        if (!DataTypes.Matches(variable.Type, value))
            throw new InvalidOperationException(
                $"variable '{name}' is {DataTypes.Name(variable.Type)}, but the value is {DataTypes.Describe(value)}"
            );
        State.Variables[name] = value;
        _javaScript?.VariableChanged(name, value);
    }

    public void PublishOutputs(string activityId, Dictionary<string, JsonNode?> outputs)
    {
        State.Outputs[activityId] = outputs;
        _javaScript?.OutputsChanged(activityId, outputs);
    }

    private void ScopeChanged()
    {
        _javaScript?.ScopeChanged();
    }

    /// <summary>
    /// Ends the execution: the run-finished event goes out last, after every activity's own event, whichever
    /// way the run stopped (completed, faulted, suspended, cancelled).
    /// </summary>
    public void Dispose()
    {
        _javaScript?.Dispose();
        _span?.SetTag("makini.run.status", State.Status.ToString());
        _span?.Dispose();
        if (!_finished)
            return;
        var flow = new KeyValuePair<string, object?>("flow", State.FlowId);
        EngineTelemetry.RunsFinished.Add(
            1,
            flow,
            new KeyValuePair<string, object?>("status", State.Status.ToString())
        );
        if (State.FinishedAt is { } finishedAt)
            EngineTelemetry.RunDuration.Record(
                (finishedAt - State.CreatedAt).TotalMilliseconds,
                flow
            );
        Options.Observer?.RunFinished(State);
    }
}

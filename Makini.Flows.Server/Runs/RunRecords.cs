using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Server.Infrastructure;

namespace Makini.Flows.Server.Runs;

/// <summary>The stored form of a run: its summary columns and its compressed state.</summary>
public static class RunRecords
{
    public static RunRecord Create(
        string flowId,
        int version,
        RunState state,
        DateTime now,
        FlowSettings? settings = null
    )
    {
        var record = new RunRecord
        {
            Id = state.RunId,
            FlowId = flowId,
            FlowVersion = version,
            Status = state.Status.ToString(),
            CreatedAt = state.CreatedAt.UtcDateTime,
        };
        Update(record, state, now, settings);
        return record;
    }

    /// <summary>Stores the state; a completed run of a flow that keeps summaries keeps only its summary.</summary>
    public static void Update(
        RunRecord record,
        RunState state,
        DateTime now,
        FlowSettings? settings = null
    )
    {
        record.Status = state.Status.ToString();
        record.Error = state.Error?.Message;
        record.UpdatedAt = now;
        record.FinishedAt = state.FinishedAt?.UtcDateTime;
        record.StateJson = null;
        record.State = CompressedRunState.Encode(
            state.Status == RunStatus.Completed
            && settings?.CompletedRuns == CompletedRunData.Summary
                ? state.Summary()
                : state
        );
    }

    /// <summary>The run's state, from whichever form it was stored in.</summary>
    public static RunState State(RunRecord record) =>
        record.State is { } stored ? CompressedRunState.Decode(stored)
        : record.StateJson is { } json ? RunStateJson.Deserialize(json)
        : throw new InvalidOperationException($"run {record.Id} has no stored state");
}

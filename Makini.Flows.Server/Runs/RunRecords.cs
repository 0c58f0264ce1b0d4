using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Server.Infrastructure;

namespace Makini.Flows.Server.Runs;

/// <summary>The stored form of a run: its summary columns and its state as JSON.</summary>
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
            StateJson = "",
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
        record.StateJson = RunStateJson.Serialize(
            state.Status == RunStatus.Completed
            && settings?.CompletedRuns == CompletedRunData.Summary
                ? state.Summary()
                : state
        );
    }
}

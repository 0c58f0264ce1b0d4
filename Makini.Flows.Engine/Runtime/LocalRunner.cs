using System.Text.Json.Nodes;

namespace Makini.Flows.Engine.Runtime;

/// <summary>
/// Runs a flow to its end in this process, waiting out Delay bookmarks as they fall due. For the CLI and
/// tests; a server persists suspended runs and resumes them from its durable queue instead.
/// </summary>
public static class LocalRunner
{
    public static async Task<RunState> RunToEndAsync(
        FlowEngine engine,
        FlowPlan plan,
        JsonNode? input,
        CancellationToken cancellationToken = default
    )
    {
        var state = await engine.StartAsync(plan, input, cancellationToken);
        while (state.Status == RunStatus.Suspended)
        {
            var next = state
                .AllBookmarks()
                .Where(b => b.ResumeAt is not null)
                .MinBy(b => b.ResumeAt);
            if (next is null)
                return state;
            var wait = next.ResumeAt!.Value - engine.Options.TimeProvider.GetUtcNow();
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, engine.Options.TimeProvider, cancellationToken);
            state = await engine.ResumeAsync(
                plan,
                state,
                next.Id,
                cancellationToken: cancellationToken
            );
        }
        return state;
    }
}

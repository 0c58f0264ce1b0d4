using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Values;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Runs;
using ResponseActivity = Makini.Flows.Activities.Http.HttpResponse;

namespace Makini.Flows.Server.Hooks;

/// <summary>
/// What a synchronous trigger answers: the last HTTP Response the run executed; else, for a completed run,
/// 200 with its output; a faulted run is a 500 problem naming the run; a run still waiting is a 202.
/// </summary>
public static class HookResponse
{
    public static IResult For(RunRecord run) => For(run.Id, RunRecords.State(run));

    public static IResult For(string runId, RunState state)
    {
        if (
            state.Properties.GetValueOrDefault(ResponseActivity.RunPropertyName)
                is JsonObject answer
            && state.Status != RunStatus.Faulted
        )
            return new JsonAnswer(
                answer["status"]?.GetValue<int>() ?? 200,
                answer["headers"] as JsonObject,
                answer["body"],
                runId
            );
        return state.Status switch
        {
            RunStatus.Completed => new JsonAnswer(200, null, state.Output, runId),
            RunStatus.Faulted => TypedResults.Problem(
                title: "The flow failed",
                detail: state.Error?.Message,
                statusCode: StatusCodes.Status500InternalServerError,
                extensions: new Dictionary<string, object?>
                {
                    ["runId"] = runId,
                    ["activityId"] = state.Error?.ActivityId,
                }
            ),
            _ => Accepted(runId, state.Status.ToString()),
        };
    }

    public static IResult Accepted(string runId, string status) =>
        TypedResults.Accepted($"/api/runs/{runId}", new { runId, status });

    /// <summary>A JSON answer with the flow's status and headers, and the run id in <c>X-Run-Id</c>.</summary>
    private sealed class JsonAnswer(int status, JsonObject? headers, JsonNode? body, string runId)
        : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = status;
            context.Response.Headers["X-Run-Id"] = runId;
            foreach (var (name, value) in headers ?? [])
                context.Response.Headers[name] = value?.ToString();
            if (body is null || status is 204 or 304)
                return;
            context.Response.ContentType = "application/json";
            await using var writer = new Utf8JsonWriter(
                context.Response.BodyWriter,
                JsonText.WriterOptions
            );
            ParsedJson.Write(writer, body, JsonSerializerOptions.Web);
            await writer.FlushAsync(context.RequestAborted);
        }
    }
}

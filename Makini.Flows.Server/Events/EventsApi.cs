using System.Text.Json;
using Makini.Flows.Server.Auth;

namespace Makini.Flows.Server.Events;

/// <summary>
/// Live run events as Server-Sent Events: <c>GET /api/runs/{id}/events</c> (ends when the run stops) and
/// <c>GET /api/events?flowId=</c> (every run, or every run of one flow, until the client leaves).
/// </summary>
public static class EventsApi
{
    public static void MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(
                "/api/runs/{id}/events",
                (string id, HttpContext context, RunEvents events) =>
                    StreamAsync(context, events, e => e.RunId == id, stopAtRunEnd: true)
            )
            .WithTags("Runs")
            .RequireAuthorization(Roles.RunnerPolicy);
        app.MapGet(
                "/api/events",
                (string? flowId, HttpContext context, RunEvents events) =>
                    StreamAsync(
                        context,
                        events,
                        e => flowId is null || e.FlowId == flowId,
                        stopAtRunEnd: false
                    )
            )
            .WithTags("Runs")
            .RequireAuthorization(Roles.RunnerPolicy);
    }

    private static async Task StreamAsync(
        HttpContext context,
        RunEvents events,
        Func<RunEvent, bool> filter,
        bool stopAtRunEnd
    )
    {
        using var subscription = events.Subscribe(filter);
        var ct = context.RequestAborted;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.WriteAsync(": subscribed\n\n", ct);
        await context.Response.Body.FlushAsync(ct);
        try
        {
            await foreach (var runEvent in subscription.Reader.ReadAllAsync(ct))
            {
                await context.Response.WriteAsync(
                    $"event: {runEvent.Type}\ndata: {JsonSerializer.Serialize(runEvent, JsonSerializerOptions.Web)}\n\n",
                    ct
                );
                await context.Response.Body.FlushAsync(ct);
                if (stopAtRunEnd && runEvent.Type == RunEvent.RunFinished)
                    return;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the client left
        }
    }
}

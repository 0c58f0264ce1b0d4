using Makini.Flows.Activities.Http;
using Makini.Flows.Activities.Secrets;
using Makini.Flows.Activities.Webhooks;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Validation;
using Makini.Flows.Server.Auth;
using Makini.Flows.Server.Flows;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Makini.Flows.Server.Runs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Hooks;

/// <summary>
/// <c>/hooks/{path}</c>: the routes of published flows' HTTP triggers. Sync triggers answer when the run
/// stops; async ones answer 202 with the run id at once. An <c>Idempotency-Key</c> seen for the same flow
/// in the last 24 hours returns the first run's result and starts nothing.
/// </summary>
public static class HooksApi
{
    private static readonly TimeSpan IdempotencyWindow = TimeSpan.FromHours(24);
    private static readonly TimeSpan WaitForFirstRun = TimeSpan.FromSeconds(30);

    public static void MapHooksApi(this IEndpointRouteBuilder app) =>
        app.Map("/hooks/{**path}", HandleAsync)
            .AllowAnonymous()
            .WithTags("Hooks")
            .ExcludeFromDescription();

    private static async Task<IResult> HandleAsync(
        string? path,
        HttpContext context,
        HookRoutes routes,
        PublishedFlows flows,
        FlowEngine engine,
        FinishedRunWriter finishedRuns,
        WorkQueue queue,
        TimeProvider time,
        CancellationToken ct
    )
    {
        path = HookRoutes.Normalize(path ?? "");
        var onPath = (await routes.AllAsync(ct)).Where(r => r.Path == path).ToList();
        var route = onPath.FirstOrDefault(r => r.Methods.Contains(context.Request.Method));
        if (route is null)
            return onPath.Count == 0
                ? Problems.NotFound($"no published flow serves /hooks/{path}")
                : TypedResults.Problem(
                    title: "Method not allowed",
                    detail: $"/hooks/{path} answers {string.Join(", ", onPath.SelectMany(r => r.Methods))}",
                    statusCode: StatusCodes.Status405MethodNotAllowed
                );
        if (route.Access != HttpTriggerModes.Public)
        {
            var caller = await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
            if (!caller.Succeeded)
                return TypedResults.Problem(
                    title: "An API key is required",
                    detail: "This trigger is not public: send an API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.",
                    statusCode: StatusCodes.Status401Unauthorized
                );
            if (caller.Principal.IsInRole(Roles.Connection))
                return TypedResults.Problem(
                    title: "Not allowed for this key",
                    detail: "A connection token reads only its own connection; triggers need an API key.",
                    statusCode: StatusCodes.Status403Forbidden
                );
        }

        var (input, problem, raw) = await HookRequest.ReadAsync(context.Request, path, ct);
        if (
            route.SignatureSecret is { } secretName
            && Unsigned(context, secretName, raw, time) is { } refused
        )
            return refused;
        if (problem is not null)
            return problem;
        var published = await flows.FindAsync(route.FlowId, route.Version, ct, route.Hash);
        if (published is not { } found)
            return Problems.NotFound($"flow '{route.FlowId}' is no longer published");
        RunState state;
        try
        {
            state = engine.CreateRun(found.Plan, input);
        }
        catch (FlowInputException exception)
        {
            return Problems.Invalid(
                "The request does not fit the flow's input",
                exception.Problems
            );
        }

        if (
            route.SignatureSecret is not null
            && await ReplayedAsync(context, route, time, ct) is { } replay
        )
            return replay;
        var started = time.GetTimestamp();
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        var answer =
            route.Mode == HttpTriggerModes.Sync && key.Length == 0
                ? await RunPlainSyncAsync(route, found, state, engine, finishedRuns, time, ct)
                : await RunStoredFirstAsync(route, found, state, key, context, queue, time, ct);
        ServerTelemetry.HookDuration.Record(
            time.GetElapsedTime(started).TotalMilliseconds,
            new KeyValuePair<string, object?>("flow", route.FlowId),
            new KeyValuePair<string, object?>("mode", route.Mode)
        );
        return answer;
    }

    /// <summary>
    /// A plain synchronous run is stored once, when it ends, together with the runs of concurrent requests
    /// (<see cref="FinishedRunWriter"/>); its caller is waiting and sees any failure.
    /// </summary>
    private static async Task<IResult> RunPlainSyncAsync(
        HookRoute route,
        (FlowPlan Plan, int Version) found,
        RunState state,
        FlowEngine engine,
        FinishedRunWriter finishedRuns,
        TimeProvider time,
        CancellationToken ct
    )
    {
        state = await engine.ContinueAsync(found.Plan, state, ct);
        var answer = HookResponse.For(state.RunId, state);
        // The answer goes to its caller now and is read from a stored run only to replay idempotent requests,
        // which are stored first: a plain run is stored without it (often as large as the input).
        if (state.FinishedAt is not null)
            state.Properties.Remove(Makini.Flows.Activities.Http.HttpResponse.RunPropertyName);
        await finishedRuns.StoreAsync(
            RunRecords.Create(
                route.FlowId,
                found.Version,
                state,
                time.GetUtcNow().UtcDateTime,
                found.Plan.Definition.Settings
            ),
            ct
        );
        return answer;
    }

    /// <summary>
    /// Stored before it runs when something depends on that: a background run (recovered after a crash), or
    /// an idempotency key (the unique row decides which request runs).
    /// </summary>
    private static async Task<IResult> RunStoredFirstAsync(
        HookRoute route,
        (FlowPlan Plan, int Version) found,
        RunState state,
        string key,
        HttpContext context,
        WorkQueue queue,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var db = context.RequestServices.GetRequiredService<FlowsDbContext>();
        var runs = context.RequestServices.GetRequiredService<RunService>();
        var locks = context.RequestServices.GetRequiredService<IRunLock>();
        await using var held =
            route.Mode == HttpTriggerModes.Async
                ? null
                : await locks.TryAcquireAsync(state.RunId, ct);
        var run = runs.Store(route.FlowId, found.Version, state);
        // A background run is executed by the durable queue; a synchronous one (here with an Idempotency-Key)
        // by this request, under a queue item leased to this node: if the node dies, or the caller goes away,
        // the queue continues the run in the background.
        var item =
            route.Mode == HttpTriggerModes.Async
                ? queue.Enqueue(db, WorkKinds.Run, run.Id)
                : queue.EnqueueLeased(db, WorkKinds.Run, run.Id);
        if (key.Length > 0)
            db.IdempotencyKeys.Add(
                new IdempotencyRecord
                {
                    Key = $"{route.FlowId}\n{key}",
                    RunId = run.Id,
                    CreatedAt = time.GetUtcNow().UtcDateTime,
                }
            );
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (key.Length > 0)
        {
            return await FirstRunAsync(route, key, db, time, ct);
        }
        if (route.Mode == HttpTriggerModes.Async)
        {
            queue.Signal();
            return HookResponse.Accepted(run.Id, run.Status);
        }
        await context
            .RequestServices.GetRequiredService<HeldWork>()
            .RunAsync(
                item,
                () => runs.ExecuteAsync(run, found.Plan, state, ct, checkpoints: false)
            );
        return HookResponse.For(run.Id, state);
    }

    /// <summary>
    /// Checks the Standard Webhooks signature with the secret the operator configured under the given name;
    /// returns the refusal, or null when the request is authentic.
    /// </summary>
    private static IResult? Unsigned(
        HttpContext context,
        string secretName,
        byte[] body,
        TimeProvider time
    )
    {
        var secrets = context.RequestServices.GetRequiredService<ISecretResolver>();
        var secret = secrets.Find(secretName);
        if (string.IsNullOrWhiteSpace(secret))
            return TypedResults.Problem(
                title: "Trigger not ready",
                detail: $"the signature secret '{secretName}' is not configured on this server ({secrets.WhereToSet(secretName)})",
                statusCode: StatusCodes.Status503ServiceUnavailable
            );
        var headers = context.Request.Headers;
        var reason = StandardWebhooks.Verify(
            StandardWebhooks.SplitSecrets(secret),
            headers["webhook-id"],
            headers["webhook-timestamp"],
            headers["webhook-signature"],
            body,
            time.GetUtcNow()
        );
        return reason is null
            ? null
            : TypedResults.Problem(
                title: "Signature not valid",
                detail: reason,
                statusCode: StatusCodes.Status401Unauthorized
            );
    }

    /// <summary>
    /// A signed request whose <c>webhook-id</c> was already received for this flow is a replay (a captured request sent
    /// again within the signature's time tolerance): refused with 409 before any run starts. The id is remembered
    /// with the idempotency keys (swept after a day, far beyond the 300 s a signature is valid).
    /// </summary>
    private static async Task<IResult?> ReplayedAsync(
        HttpContext context,
        HookRoute route,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var id = context.Request.Headers["webhook-id"].ToString();
        if (id.Length > MaxWebhookIdLength)
            return Problems.BadRequest(
                $"webhook-id is at most {MaxWebhookIdLength} characters",
                "/headers/webhook-id"
            );
        var db = context.RequestServices.GetRequiredService<FlowsDbContext>();
        db.IdempotencyKeys.Add(
            new IdempotencyRecord
            {
                Key = $"webhook-id\n{route.FlowId}\n{id}",
                RunId = "",
                CreatedAt = time.GetUtcNow().UtcDateTime,
            }
        );
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException)
        {
            return TypedResults.Problem(
                title: "Replayed request",
                detail: $"a request with webhook-id '{id}' was already received for this trigger: a signed request is accepted once",
                statusCode: StatusCodes.Status409Conflict
            );
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private const int MaxWebhookIdLength = 256;

    /// <summary>Another request with this key started the run: answer with that run, once it has stopped.</summary>
    private static async Task<IResult> FirstRunAsync(
        HookRoute route,
        string key,
        FlowsDbContext db,
        TimeProvider time,
        CancellationToken ct
    )
    {
        db.ChangeTracker.Clear();
        var seen = await db
            .IdempotencyKeys.AsNoTracking()
            .FirstOrDefaultAsync(k => k.Key == $"{route.FlowId}\n{key}", ct);
        if (seen is null || time.GetUtcNow().UtcDateTime - seen.CreatedAt > IdempotencyWindow)
            return Problems.Conflict(
                "this Idempotency-Key expired while the request was handled; send the request again"
            );
        var deadline = time.GetUtcNow() + WaitForFirstRun;
        while (true)
        {
            var run = await db.Runs.AsNoTracking().FirstAsync(r => r.Id == seen.RunId, ct);
            if (route.Mode == HttpTriggerModes.Async)
                return HookResponse.Accepted(run.Id, run.Status);
            if (run.Status != nameof(RunStatus.Running) || time.GetUtcNow() > deadline)
                return HookResponse.For(run);
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, ct);
        }
    }
}

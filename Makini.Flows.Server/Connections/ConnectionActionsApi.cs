using System.Security.Cryptography;
using Makini.Flows.Connectors.Runtime;
using Makini.Flows.Engine.Validation;
using Makini.Flows.Server.Connectors;
using Makini.Flows.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Connections;

/// <summary>
/// What is done to a connection rather than edited on it: replace its credentials (checked first; the old ones
/// stay when the check fails), check it now, disable and enable it, and read its status history.
/// </summary>
public static class ConnectionActionsApi
{
    private const string DisabledReason = "disabled through the API";

    public static void MapConnectionActions(this RouteGroupBuilder connections)
    {
        connections
            .MapPut("/{id}/credentials", ReplaceCredentialsAsync)
            .Accepts<ReplaceCredentialsRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        connections
            .MapPost("/{id}/check", CheckAsync)
            .ProducesProblem(StatusCodes.Status409Conflict);
        connections.MapPost("/{id}/disable", DisableAsync);
        connections.MapPost("/{id}/enable", EnableAsync);
        connections.MapGet("/{id}/status-history", HistoryAsync);
    }

    private static async Task<
        Results<Ok<ConnectionView>, ProblemHttpResult>
    > ReplaceCredentialsAsync(
        string id,
        HttpRequest request,
        FlowsDbContext db,
        InstalledConnectors connectors,
        ConnectionChecker checker,
        ConnectionCredentials credentials,
        ConnectionStatus status,
        ConnectorRuntime runtime,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var (body, unreadable) = await ConnectionProblems.ReadObjectAsync(
            request,
            "{ credentials: { field: value } }",
            ct
        );
        if (unreadable is not null)
            return unreadable;
        var problems = new List<FlowProblem>();
        var given = ConnectionInput.ForCredentials(body!, problems);
        if (given is null)
            return Problems.Invalid("The credentials are not valid", problems);
        var connection = await db.Connections.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (connection is null)
            return ConnectionsApi.NotFound(id);
        if (connectors.Find(connection.ConnectorId) is not { } manifest)
            return NotInstalled(connection, connectors);
        IReadOnlyDictionary<string, string> stored;
        try
        {
            stored = credentials.Read(connection.ProtectedCredentials);
        }
        catch (CryptographicException)
        {
            stored = new Dictionary<string, string>(); // unreadable: only what is given now counts
        }
        var values = CredentialValues.Resolve(
            manifest,
            ConnectionCredentials.Merge(manifest, stored, given),
            problems
        );
        if (values is null)
            return Problems.Invalid("The credentials are not valid", problems);

        // Checked under an id of their own: the connection's session or token, made with the old credentials,
        // must not vouch for the new ones.
        var candidate = $"{id}/candidate/{Guid.NewGuid():N}";
        var failure = await checker.CheckAsync(manifest, candidate, values, ct);
        runtime.Forget(candidate);
        if (failure is not null)
            return ConnectionProblems.CheckFailed(failure);
        var now = time.GetUtcNow().UtcDateTime;
        credentials.Store(connection, manifest, values);
        connection.ConnectedAt = now;
        connection.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        runtime.Forget(id);
        await status.ReportAsync(db, id, null, CancellationToken.None);
        await db.Entry(connection).ReloadAsync(ct);
        return TypedResults.Ok(ConnectionView.Of(connection, connectors));
    }

    /// <summary>Checks the stored credentials now; the answer shows the status the outcome led to.</summary>
    private static async Task<Results<Ok<ConnectionView>, ProblemHttpResult>> CheckAsync(
        string id,
        FlowsDbContext db,
        InstalledConnectors connectors,
        ConnectionChecker checker,
        ConnectionStatus status,
        CancellationToken ct
    )
    {
        var connection = await db
            .Connections.AsNoTracking()
            .FirstOrDefaultAsync(c => c.Id == id, ct);
        if (connection is null)
            return ConnectionsApi.NotFound(id);
        if (connection.Status == ConnectionStatuses.Disabled)
            return Problems.Conflict($"connection '{id}' is disabled: enable it to check it");
        var failure = await checker.CheckStoredAsync(
            id,
            connection.ConnectorId,
            connection.ProtectedCredentials,
            ct
        );
        await status.ReportAsync(db, id, failure, CancellationToken.None);
        return await CurrentAsync(db, id, connectors, ct);
    }

    /// <summary>Disables the connection: it is no longer probed, and stays disabled until enabled.</summary>
    private static async Task<Results<Ok<ConnectionView>, ProblemHttpResult>> DisableAsync(
        string id,
        FlowsDbContext db,
        InstalledConnectors connectors,
        ConnectionStatus status,
        TimeProvider time,
        CancellationToken ct
    )
    {
        for (var round = 0; round < 3; round++)
        {
            var current = await StatusOfAsync(db, id, ct);
            if (current is null)
                return ConnectionsApi.NotFound(id);
            if (
                current == ConnectionStatuses.Disabled
                || await status.ChangeAsync(
                    db,
                    id,
                    current,
                    ConnectionStatuses.Disabled,
                    DisabledReason,
                    time.GetUtcNow().UtcDateTime,
                    ct,
                    isCheck: false
                )
            )
                break;
        }
        await ConnectionProbes.RemoveAsync(db, id, ct);
        return await CurrentAsync(db, id, connectors, ct);
    }

    /// <summary>
    /// Enables a disabled connection: its credentials are checked at once, the outcome is its new status, and
    /// its probes start again.
    /// </summary>
    private static async Task<Results<Ok<ConnectionView>, ProblemHttpResult>> EnableAsync(
        string id,
        FlowsDbContext db,
        InstalledConnectors connectors,
        ConnectionChecker checker,
        ConnectionStatus status,
        ConnectionProbes probes,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var connection = await db
            .Connections.AsNoTracking()
            .FirstOrDefaultAsync(c => c.Id == id, ct);
        if (connection is null)
            return ConnectionsApi.NotFound(id);
        if (connection.Status != ConnectionStatuses.Disabled)
            return TypedResults.Ok(ConnectionView.Of(connection, connectors));
        var failure = await checker.CheckStoredAsync(
            id,
            connection.ConnectorId,
            connection.ProtectedCredentials,
            ct
        );
        await status.ChangeAsync(
            db,
            id,
            ConnectionStatuses.Disabled,
            ConnectionStatus.StatusAfter(failure) ?? ConnectionStatuses.Online,
            failure is null ? null : ConnectionStatus.Reason(failure),
            time.GetUtcNow().UtcDateTime,
            CancellationToken.None
        );
        await probes.ScheduleAsync(db, id, CancellationToken.None);
        return await CurrentAsync(db, id, connectors, ct);
    }

    private static async Task<Results<Ok<List<StatusChangeView>>, ProblemHttpResult>> HistoryAsync(
        string id,
        FlowsDbContext db,
        CancellationToken ct
    )
    {
        if (!await db.Connections.AnyAsync(c => c.Id == id, ct))
            return ConnectionsApi.NotFound(id);
        return TypedResults.Ok(
            await db
                .ConnectionStatusChanges.AsNoTracking()
                .Where(h => h.ConnectionId == id)
                .OrderByDescending(h => h.Id)
                .Take(ConnectionStatus.KeptHistory)
                .Select(h => new StatusChangeView(h.From, h.To, h.Reason, h.At))
                .ToListAsync(ct)
        );
    }

    private static Task<string?> StatusOfAsync(
        FlowsDbContext db,
        string id,
        CancellationToken ct
    ) => db.Connections.Where(c => c.Id == id).Select(c => c.Status).FirstOrDefaultAsync(ct);

    private static async Task<Results<Ok<ConnectionView>, ProblemHttpResult>> CurrentAsync(
        FlowsDbContext db,
        string id,
        InstalledConnectors connectors,
        CancellationToken ct
    ) =>
        await db.Connections.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct)
            is { } connection
            ? TypedResults.Ok(ConnectionView.Of(connection, connectors))
            : ConnectionsApi.NotFound(id);

    private static ProblemHttpResult NotInstalled(
        ConnectionRecord connection,
        InstalledConnectors connectors
    ) =>
        Problems.Conflict(
            $"connection '{connection.Id}' uses the connector '{connection.ConnectorId}', which is not installed on this server (no manifest in {connectors.Folder})"
        );
}

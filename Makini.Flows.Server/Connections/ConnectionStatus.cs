using System.Text.Json.Nodes;
using Makini.Flows.Activities.Triggers;
using Makini.Flows.Connectors.Runtime;
using Makini.Flows.Server.Bus;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Connections;

/// <summary>
/// A connection's status follows the outcomes of the calls made to its source (checks, probes, syncs): a success
/// makes it <c>online</c>, refused credentials <c>auth_required</c>, an unreachable or unreadable source
/// <c>offline</c>; a rate limit says nothing about it. A change is one conditional UPDATE (<c>WHERE Status = old</c>),
/// so when several nodes report at once exactly one of them makes it; that one, in the same transaction, appends
/// the history entry and publishes <c>connection.status_changed</c> (and <c>connection.auth_required</c>) on the
/// event bus. An outcome that changes nothing only records when the source was last checked. A disabled
/// connection stays disabled whatever is reported.
/// </summary>
public sealed class ConnectionStatus(
    EventBus bus,
    WorkQueue queue,
    TimeProvider time,
    IConfiguration configuration,
    ILogger<ConnectionStatus> logger
)
{
    /// <summary>The server's public address, for links in events (<c>PublicUrl</c>); empty: links are paths.</summary>
    public const string PublicUrlSetting = "PublicUrl";

    /// <summary>Where someone renews a connection's credentials: its page in the designer.</summary>
    public string RenewUrl(string connectionId) =>
        $"{(configuration[PublicUrlSetting] ?? "").TrimEnd('/')}/connections/{Uri.EscapeDataString(connectionId)}";

    /// <summary>History entries kept per connection; older ones are deleted as new ones come.</summary>
    public const int KeptHistory = 100;

    private const int MaxReasonLength = 2000;

    /// <summary>The status an outcome leads to; null when it says nothing about the connection (a rate limit).</summary>
    public static string? StatusAfter(ConnectorException? failure) =>
        failure?.Code switch
        {
            null => ConnectionStatuses.Online,
            ConnectorErrorCode.AuthenticationFailed => ConnectionStatuses.AuthRequired,
            ConnectorErrorCode.ConnectionFailed => ConnectionStatuses.Offline,
            ConnectorErrorCode.InvalidResponse => ConnectionStatuses.Offline,
            _ => null,
        };

    /// <summary>
    /// Records the outcome of a call to the connection's source: <paramref name="failure"/> null for a success.
    /// Returns true when it changed the status.
    /// </summary>
    public async Task<bool> ReportAsync(
        FlowsDbContext db,
        string connectionId,
        ConnectorException? failure,
        CancellationToken cancellationToken
    )
    {
        var target = StatusAfter(failure);
        var reason = failure is null ? null : Reason(failure);
        // Another node may change the status between the read and the update: read again and decide again.
        for (var round = 0; round < 3; round++)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var current = await db
                .Connections.Where(c => c.Id == connectionId)
                .Select(c => c.Status)
                .FirstOrDefaultAsync(cancellationToken);
            if (current is null)
                return false;
            if (target is null || target == current || current == ConnectionStatuses.Disabled)
            {
                await db
                    .Connections.Where(c => c.Id == connectionId)
                    .ExecuteUpdateAsync(
                        set => set.SetProperty(c => c.LastCheckedAt, now),
                        cancellationToken
                    );
                return false;
            }
            if (
                await ChangeAsync(db, connectionId, current, target, reason, now, cancellationToken)
            )
                return true;
        }
        return false;
    }

    /// <summary>
    /// Moves the connection from <paramref name="from"/> to <paramref name="to"/> if it is still in
    /// <paramref name="from"/>, with its history entry and events; false when it no longer was.
    /// </summary>
    public async Task<bool> ChangeAsync(
        FlowsDbContext db,
        string connectionId,
        string from,
        string to,
        string? reason,
        DateTime now,
        CancellationToken cancellationToken,
        bool isCheck = true
    )
    {
        // Inside the caller's transaction when it has one (the change then commits with the caller's work).
        await using var transaction = db.Database.CurrentTransaction is null
            ? await db.Database.BeginTransactionAsync(cancellationToken)
            : null;
        var changed = await db
            .Connections.Where(c => c.Id == connectionId && c.Status == from)
            .ExecuteUpdateAsync(
                set =>
                {
                    set.SetProperty(c => c.Status, to)
                        .SetProperty(c => c.StatusReason, reason)
                        .SetProperty(c => c.StatusChangedAt, now)
                        .SetProperty(c => c.UpdatedAt, now);
                    if (isCheck)
                        set.SetProperty(c => c.LastCheckedAt, now);
                },
                cancellationToken
            );
        if (changed == 0)
            return false;
        db.ConnectionStatusChanges.Add(
            new ConnectionStatusChangeRecord
            {
                ConnectionId = connectionId,
                From = from,
                To = to,
                Reason = reason,
                At = now,
            }
        );
        bus.Add(
            db,
            EventTypes.ConnectionStatusChanged,
            connectionId,
            new JsonObject
            {
                ["from"] = from,
                ["to"] = to,
                ["reason"] = reason,
            }
        );
        if (to == ConnectionStatuses.AuthRequired)
            bus.Add(
                db,
                EventTypes.ConnectionAuthRequired,
                connectionId,
                new JsonObject { ["reason"] = reason, ["renewUrl"] = RenewUrl(connectionId) }
            );
        await db.SaveChangesAsync(cancellationToken);
        await TrimHistoryAsync(db, connectionId, cancellationToken);
        if (transaction is not null)
            await transaction.CommitAsync(cancellationToken);
        queue.Signal();
        logger.LogInformation(
            "Connection {ConnectionId} is now {Status} (was {Previous}): {Reason}",
            connectionId,
            to,
            from,
            reason ?? "-"
        );
        return true;
    }

    /// <summary>The status a connection is created with: its first history entry, which raises no event.</summary>
    public static ConnectionStatusChangeRecord Initial(
        string connectionId,
        string status,
        string reason,
        DateTime now
    ) =>
        new()
        {
            ConnectionId = connectionId,
            From = null,
            To = status,
            Reason = reason,
            At = now,
        };

    private static async Task TrimHistoryAsync(
        FlowsDbContext db,
        string connectionId,
        CancellationToken cancellationToken
    )
    {
        var oldestKept = await db
            .ConnectionStatusChanges.Where(h => h.ConnectionId == connectionId)
            .OrderByDescending(h => h.Id)
            .Skip(KeptHistory - 1)
            .Select(h => (long?)h.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (oldestKept is { } keep)
            await db
                .ConnectionStatusChanges.Where(h => h.ConnectionId == connectionId && h.Id < keep)
                .ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The failure as a status reason: its code, then what happened in plain words (never credentials).</summary>
    public static string Reason(ConnectorException failure)
    {
        var reason = $"{failure.CodeName}: {failure.Message}";
        return reason.Length <= MaxReasonLength ? reason : reason[..(MaxReasonLength - 1)] + "…";
    }
}

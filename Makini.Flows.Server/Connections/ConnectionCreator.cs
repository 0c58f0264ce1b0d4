using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Connectors.Runtime;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Sync;

namespace Makini.Flows.Server.Connections;

/// <summary>
/// Makes a connection from checked form values: runs the connector's check first and stores nothing when it
/// fails; otherwise stores the connection online with its encrypted credentials, its first history entry, its
/// probe and its sync schedule, in one unit of work.
/// </summary>
public sealed class ConnectionCreator(
    FlowsDbContext db,
    ConnectionChecker checker,
    ConnectionCredentials credentials,
    ConnectionProbes probes,
    SyncSchedule syncs,
    ConnectorRuntime runtime,
    TimeProvider time,
    ILogger<ConnectionCreator> logger
)
{
    /// <summary>The stored connection, or the check's failure (nothing stored).</summary>
    public async Task<(ConnectionRecord? Connection, ConnectorException? Failure)> CreateAsync(
        ConnectorManifest connector,
        string name,
        IReadOnlyDictionary<string, string> values,
        JsonObject metadata,
        CancellationToken cancellationToken,
        string? id = null
    )
    {
        id ??= "con_" + Guid.NewGuid().ToString("N")[..24];
        var failure = await checker.CheckAsync(connector, id, values, cancellationToken);
        if (failure is not null)
        {
            runtime.Forget(id);
            logger.LogInformation(
                "A new {Connector} connection was refused: {Code} {Status}",
                connector.Id,
                failure.CodeName,
                failure.HttpStatus
            );
            return (null, failure);
        }
        var now = ConnectionsApi.Now(time); // to the microsecond, as PostgreSQL keeps it
        var connection = new ConnectionRecord
        {
            Id = id,
            Name = name,
            ConnectorId = connector.Id,
            ProtectedCredentials = "",
            PublicCredentialsJson = "{}",
            MetadataJson = metadata.ToJsonString(),
            Status = ConnectionStatuses.Online,
            StatusChangedAt = now,
            LastCheckedAt = now,
            ConnectedAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        };
        credentials.Store(connection, connector, values);
        db.Connections.Add(connection);
        db.ConnectionStatusChanges.Add(
            ConnectionStatus.Initial(
                id,
                ConnectionStatuses.Online,
                "created: the check passed",
                now
            )
        );
        probes.Add(db, connection);
        syncs.Add(db, id);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Created connection {ConnectionId} ({Connector})", id, connector.Id);
        return (connection, null);
    }
}

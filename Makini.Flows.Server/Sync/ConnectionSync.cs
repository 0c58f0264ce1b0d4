using System.Text.Json;
using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Connectors.Mappings;
using Makini.Flows.Connectors.Runtime;
using Makini.Flows.Connectors.Unified;
using Makini.Flows.Server.Connections;
using Makini.Flows.Server.Connectors;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makini.Flows.Server.Sync;

/// <summary>
/// One sync of one connection: every stream of its connector that reads a unified entity, page by page. Each page
/// is projected to the unified model and stored with its entity events and the sync's checkpoint in one
/// transaction, so a sync cut off by a crash continues from its last stored page and raises no event twice. The
/// first sync reads the backfill window; later ones read incrementally from the previous sync's start minus the
/// overlap (and the stream's own look-back); a full sync reads everything and then marks what it did not see
/// deleted. The outcome is reported to the connection's status.
/// </summary>
public sealed class ConnectionSync(
    FlowsDbContext db,
    ConnectorRuntime runtime,
    InstalledConnectors connectors,
    ConnectionCredentials credentials,
    RecordStore store,
    SyncEvents events,
    ConnectionStatus status,
    Mappings.ConnectionMappings mappings,
    Mappings.MappingErrorReports mappingErrors,
    IOptions<SyncOptions> options,
    TimeProvider time,
    ILogger<ConnectionSync> logger
)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Runs (or continues) the connection's sync; returns the failure, or null when it completed.</summary>
    public async Task<ConnectorException?> RunAsync(
        ConnectionRecord connection,
        ConnectionSyncRecord state,
        string trigger,
        CancellationToken cancellationToken
    )
    {
        if (connectors.Find(connection.ConnectorId) is not { } manifest)
            return new ConnectorException(
                ConnectorErrorCode.ConnectionFailed,
                $"The connector '{connection.ConnectorId}' is not installed on this server."
            );
        var client = runtime.Client(
            manifest,
            connection.Id,
            credentials.Read(connection.ProtectedCredentials)
        );
        var sync = await BeginAsync(connection.Id, state, manifest, trigger, cancellationToken);
        var watermarks = Watermarks(state);
        var windows = new Dictionary<string, DateTime?>();
        try
        {
            while (sync.Remaining.Count > 0)
            {
                var name = sync.Remaining[0];
                var since = Since(sync, name, watermarks, manifest, state);
                windows[name] = since;
                sync = await ReadEntityAsync(
                    client,
                    connection.Id,
                    state,
                    manifest,
                    sync,
                    since,
                    cancellationToken
                );
                if (sync.Mode == SyncModes.Full)
                    // Derived records too: those of parents gone, and all of them if the mapping stopped deriving.
                    foreach (
                        var reconciled in UnifiedModel
                            .DerivedFrom(name)
                            .Select(d => d.Name)
                            .Prepend(name)
                    )
                        sync = await ReconcileAsync(
                            connection.Id,
                            state,
                            sync,
                            reconciled,
                            cancellationToken
                        );
                watermarks[name] = sync.StartedAt;
                sync = sync with
                {
                    Remaining = sync.Remaining.Skip(1).ToList(),
                    Next = null,
                    Pages = 0,
                };
                state.WatermarksJson = JsonSerializer.Serialize(watermarks, Json);
                state.CheckpointJson = JsonSerializer.Serialize(sync, Json);
                await db.SaveChangesAsync(cancellationToken);
            }
            await CompleteAsync(connection.Id, state, sync, windows, cancellationToken);
            return null;
        }
        catch (ConnectorException failure)
        {
            await FailAsync(connection.Id, state, sync, failure, cancellationToken);
            return failure;
        }
    }

    private async Task<SyncCheckpoint> BeginAsync(
        string connectionId,
        ConnectionSyncRecord state,
        ConnectorManifest manifest,
        string trigger,
        CancellationToken cancellationToken
    )
    {
        if (
            state.CheckpointJson is { } stored
            && JsonSerializer.Deserialize<SyncCheckpoint>(stored, Json) is { } resumed
        )
        {
            logger.LogInformation(
                "Sync {SyncId} of connection {ConnectionId} continues at {Entity}, page {Page}",
                resumed.SyncId,
                connectionId,
                resumed.Remaining.FirstOrDefault(),
                resumed.Pages + 1
            );
            return resumed;
        }
        var now = time.GetUtcNow().UtcDateTime;
        var mode =
            state.FullRequested ? SyncModes.Full
            : Watermarks(state).Count == 0 ? SyncModes.Backfill
            : SyncModes.Incremental;
        var asked = state.RequestedEntities?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var entities = manifest
            .Streams.Select(s => s.Entity)
            .Where(e => UnifiedModel.Find(e) is not null && (asked is null || asked.Contains(e)))
            .ToList();
        var sync = new SyncCheckpoint
        {
            SyncId = "syn_" + Guid.CreateVersion7().ToString("N")[..24],
            Mode = mode,
            Trigger = trigger,
            StartedAt = now,
            Remaining = entities,
            Counts = entities.ToDictionary(e => e, _ => EntityCounts.None),
        };
        db.SyncRuns.Add(
            new SyncRunRecord
            {
                Id = sync.SyncId,
                ConnectionId = connectionId,
                Mode = mode,
                Trigger = trigger,
                Status = SyncRunStatuses.Running,
                StartedAt = now,
                CountsJson = "{}",
            }
        );
        state.State = SyncStates.Running;
        state.LastStartedAt = now;
        state.FullRequested = false;
        state.RequestedAt = null;
        state.RequestedEntities = null;
        state.CurrentSyncId = sync.SyncId;
        state.CheckpointJson = JsonSerializer.Serialize(sync, Json);
        await db.SaveChangesAsync(cancellationToken);
        return sync;
    }

    /// <summary>Where an entity's read starts: null reads everything.</summary>
    private DateTime? Since(
        SyncCheckpoint sync,
        string entity,
        IReadOnlyDictionary<string, DateTime> watermarks,
        ConnectorManifest manifest,
        ConnectionSyncRecord state
    )
    {
        if (sync.Mode == SyncModes.Full || manifest.Stream(entity)?.Incremental is null)
            return null;
        if (watermarks.TryGetValue(entity, out var last))
            return last - options.Value.Overlap;
        return options.Value.BackfilledEntities.Contains(entity)
            ? sync.StartedAt.AddDays(-state.BackfillDays)
            : null;
    }

    private async Task<SyncCheckpoint> ReadEntityAsync(
        ConnectorClient client,
        string connectionId,
        ConnectionSyncRecord state,
        ConnectorManifest manifest,
        SyncCheckpoint sync,
        DateTime? since,
        CancellationToken cancellationToken
    )
    {
        var name = sync.Remaining[0];
        var stream = manifest.Stream(name)!;
        var entity = UnifiedModel.Find(name)!;
        var read = new ReadOptions
        {
            Since = since is { } s ? new DateTimeOffset(s, TimeSpan.Zero) : null,
            ResumeFrom = sync.Next,
        };
        var pages = client
            .ReadAsync(name, read, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        var fetched = pages.MoveNextAsync().AsTask();
        try
        {
            while (await fetched)
            {
                var page = pages.Current;
                var mapping =
                    await mappings.CurrentAsync(
                        db,
                        connectionId,
                        manifest.Id,
                        entity,
                        cancellationToken
                    ) ?? ConnectionMapping.Default(stream, entity);
                var projected = mapping.Project(page.Records, cancellationToken).ToList();
                // The next page is fetched and parsed while this one is written: the source and the database work
                // at the same time. The checkpoint still names only pages stored.
                fetched = pages.MoveNextAsync().AsTask();
                sync = await StorePageAsync(
                    connectionId,
                    state,
                    stream,
                    entity,
                    page,
                    manifest.Id,
                    mapping,
                    projected,
                    sync with
                    {
                        Next = page.Next,
                        Pages = sync.Pages + 1,
                    },
                    cancellationToken
                );
            }
        }
        finally
        {
            await DisposeAfterFetchAsync(pages, fetched);
        }
        return sync;
    }

    /// <summary>
    /// Stores one page's records, the records derived from them (a purchase order's line items), their entity events
    /// and the checkpoint after it, in one transaction.
    /// </summary>
    private async Task<SyncCheckpoint> StorePageAsync(
        string connectionId,
        ConnectionSyncRecord state,
        StreamSpec stream,
        UnifiedEntity entity,
        SourcePage page,
        string connectorId,
        ConnectionMapping mapping,
        List<ProjectedRecord> projected,
        SyncCheckpoint after,
        CancellationToken cancellationToken
    )
    {
        var now = time.GetUtcNow().UtcDateTime;
        var touchUnchanged = after.Mode == SyncModes.Full;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // A mapping saved while this page was read re-projected the stored records already: the page must follow
        // it too, or it would land with the old one.
        await Mappings.MappingLocks.TakeAsync(db, connectionId, entity.Name, cancellationToken);
        var current = await mappings.CurrentAsync(
            db,
            connectionId,
            connectorId,
            entity,
            cancellationToken
        );
        if (current is not null && current.Version != mapping.Version)
        {
            mapping = current;
            projected = [.. mapping.Project(page.Records, cancellationToken)];
        }
        await mappingErrors.ReportAsync(
            db,
            connectionId,
            mapping,
            [.. projected.SelectMany(r => r.MappingErrors.Select(e => (r.Key, e)))],
            cancellationToken
        );
        var derived = await DerivedRecords.BeforeAsync(
            db,
            connectionId,
            stream,
            projected,
            cancellationToken
        );
        var changes = await store.UpsertAsync(
            db,
            connectionId,
            entity.Name,
            projected,
            now,
            touchUnchanged,
            cancellationToken,
            readPrevious: await events.WantsChangedFieldsAsync(entity, cancellationToken)
        );
        await events.AddChangesAsync(db, connectionId, entity, changes, cancellationToken);
        var counts = Count(changes, projected.Count, pages: 1);
        var sync = after.WithChanged(entity.Name, changes.Select(c => c.Key)) with
        {
            Counts = Add(after.Counts, entity.Name, counts),
        };
        foreach (var child in derived?.Entities ?? [])
            sync = await StoreDerivedAsync(
                connectionId,
                sync,
                child,
                await derived!.PageAsync(
                    db,
                    connectionId,
                    stream,
                    child,
                    page.Records,
                    projected,
                    now,
                    cancellationToken
                ),
                now,
                touchUnchanged,
                cancellationToken
            );
        state.CheckpointJson = JsonSerializer.Serialize(sync, Json);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return sync;
    }

    /// <summary>
    /// An async iterator cannot be disposed while a read is under way, so the read ends first. Its failure was
    /// either raised by the loop already or is moot, because storing the page before it failed first.
    /// </summary>
    private static async Task DisposeAfterFetchAsync(
        IAsyncEnumerator<SourcePage> pages,
        Task<bool> fetched
    )
    {
        await fetched.ContinueWith(
            _ => { },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default
        );
        await pages.DisposeAsync();
    }

    private async Task<SyncCheckpoint> StoreDerivedAsync(
        string connectionId,
        SyncCheckpoint sync,
        UnifiedEntity entity,
        IReadOnlyList<ProjectedRecord> records,
        DateTime now,
        bool touchUnchanged,
        CancellationToken cancellationToken
    )
    {
        var changes = await store.UpsertAsync(
            db,
            connectionId,
            entity.Name,
            records,
            now,
            touchUnchanged,
            cancellationToken
        );
        await events.AddChangesAsync(db, connectionId, entity, changes, cancellationToken);
        return sync.WithChanged(entity.Name, changes.Select(c => c.Key)) with
        {
            Counts = Add(sync.Counts, entity.Name, Count(changes, records.Count, pages: 0)),
        };
    }

    private async Task<SyncCheckpoint> ReconcileAsync(
        string connectionId,
        ConnectionSyncRecord state,
        SyncCheckpoint sync,
        string name,
        CancellationToken cancellationToken
    )
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var deleted = await store.DeleteUnseenAsync(
            db,
            connectionId,
            name,
            sync.StartedAt,
            cancellationToken
        );
        await events.AddChangesAsync(
            db,
            connectionId,
            UnifiedModel.Find(name)!,
            deleted,
            cancellationToken
        );
        sync = sync.WithChanged(name, deleted.Select(c => c.Key)) with
        {
            Counts = Add(sync.Counts, name, new EntityCounts(0, 0, deleted.Count, 0, 0)),
        };
        state.CheckpointJson = JsonSerializer.Serialize(sync, Json);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return sync;
    }

    private async Task CompleteAsync(
        string connectionId,
        ConnectionSyncRecord state,
        SyncCheckpoint sync,
        IReadOnlyDictionary<string, DateTime?> windows,
        CancellationToken cancellationToken
    )
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db
            .SyncRuns.Where(r => r.Id == sync.SyncId)
            .ExecuteUpdateAsync(
                set =>
                    set.SetProperty(r => r.Status, SyncRunStatuses.Completed)
                        .SetProperty(r => r.FinishedAt, now)
                        .SetProperty(r => r.CountsJson, JsonSerializer.Serialize(sync.Counts, Json))
                        .SetProperty(
                            r => r.ChangedKeysJson,
                            JsonSerializer.Serialize(sync.Changed, Json)
                        ),
                cancellationToken
            );
        state.State = SyncStates.Idle;
        state.NextRunAt = SpreadSlots.Next(connectionId, state.Interval, now);
        state.LastSuccessAt = now;
        state.Failures = 0;
        state.LastError = state.LastErrorCode = state.LastErrorEntity = null;
        state.CheckpointJson = null;
        state.CurrentSyncId = null;
        events.Completed(db, connectionId, sync, now, windows);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await status.ReportAsync(db, connectionId, null, cancellationToken);
    }

    private async Task FailAsync(
        string connectionId,
        ConnectionSyncRecord state,
        SyncCheckpoint sync,
        ConnectorException failure,
        CancellationToken cancellationToken
    )
    {
        var now = time.GetUtcNow().UtcDateTime;
        var entity = sync.Remaining.FirstOrDefault();
        state.Failures++;
        state.State = SyncStates.Idle;
        state.LastFailureAt = now;
        state.LastErrorCode = failure.CodeName;
        state.LastError = Shorten(failure.Message);
        state.LastErrorEntity = entity;
        state.CheckpointJson = null;
        state.CurrentSyncId = null;
        state.NextRunAt = now + Backoff(state);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db
            .SyncRuns.Where(r => r.Id == sync.SyncId)
            .ExecuteUpdateAsync(
                set =>
                    set.SetProperty(r => r.Status, SyncRunStatuses.Failed)
                        .SetProperty(r => r.FinishedAt, now)
                        .SetProperty(r => r.CountsJson, JsonSerializer.Serialize(sync.Counts, Json))
                        .SetProperty(
                            r => r.ChangedKeysJson,
                            JsonSerializer.Serialize(sync.Changed, Json)
                        )
                        .SetProperty(r => r.ErrorCode, failure.CodeName)
                        .SetProperty(r => r.Error, Shorten(failure.Message))
                        .SetProperty(r => r.ErrorEntity, entity),
                cancellationToken
            );
        events.Failed(
            db,
            connectionId,
            sync.SyncId,
            failure.CodeName,
            Shorten(failure.Message),
            entity,
            state.NextRunAt
        );
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await status.ReportAsync(db, connectionId, failure, cancellationToken);
    }

    /// <summary>After a failed sync: 1, 2, 4... minutes, at most the connection's interval.</summary>
    public static TimeSpan Backoff(ConnectionSyncRecord state)
    {
        var minutes = Math.Pow(2, Math.Min(state.Failures - 1, 16));
        var delay = TimeSpan.FromMinutes(minutes);
        return delay < state.Interval ? delay : state.Interval;
    }

    private static Dictionary<string, DateTime> Watermarks(ConnectionSyncRecord state) =>
        JsonSerializer.Deserialize<Dictionary<string, DateTime>>(state.WatermarksJson, Json) ?? [];

    private static EntityCounts Count(IReadOnlyList<RecordChange> changes, int records, int pages)
    {
        int inserted = 0,
            updated = 0,
            deleted = 0;
        foreach (var change in changes)
            switch (change.Kind)
            {
                case RecordChangeKind.Inserted:
                    inserted++;
                    break;
                case RecordChangeKind.Updated:
                    updated++;
                    break;
                default:
                    deleted++;
                    break;
            }
        return new EntityCounts(inserted, updated, deleted, records - changes.Count, pages);
    }

    private static Dictionary<string, EntityCounts> Add(
        IReadOnlyDictionary<string, EntityCounts> counts,
        string entity,
        EntityCounts more
    )
    {
        var sum = counts.ToDictionary(c => c.Key, c => c.Value);
        sum[entity] = sum.GetValueOrDefault(entity, EntityCounts.None).Add(more);
        return sum;
    }

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..1999] + "…";
}

public static class SyncModes
{
    public const string Incremental = "incremental";
    public const string Full = "full";
    public const string Backfill = "backfill";
}

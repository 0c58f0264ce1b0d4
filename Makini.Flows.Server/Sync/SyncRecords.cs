namespace Makini.Flows.Server.Sync;

/// <summary>
/// A connection's sync state: its schedule, what the last syncs achieved, and the checkpoint of the sync under
/// way, so that one interrupted by a crash or a deploy continues from its last stored page.
/// </summary>
public sealed class ConnectionSyncRecord
{
    public required string ConnectionId { get; set; }

    /// <summary>How often the connection syncs.</summary>
    public TimeSpan Interval { get; set; }

    /// <summary>How far back the first sync of a stream reads (for streams that read incrementally).</summary>
    public int BackfillDays { get; set; }

    /// <summary><c>idle</c>, <c>queued</c> (asked for, not started), <c>running</c>.</summary>
    public required string State { get; set; }

    /// <summary>When someone asked for a sync (the API, a Sync activity) that has not started yet.</summary>
    public DateTime? RequestedAt { get; set; }

    /// <summary>The entities the sync asked for should read (space-separated); null for all.</summary>
    public string? RequestedEntities { get; set; }

    /// <summary>The next sync asked for is a full one (read everything, then reconcile deletions).</summary>
    public bool FullRequested { get; set; }
    public DateTime? NextRunAt { get; set; }
    public DateTime? LastStartedAt { get; set; }
    public DateTime? LastSuccessAt { get; set; }
    public DateTime? LastFailureAt { get; set; }
    public string? LastErrorCode { get; set; }
    public string? LastError { get; set; }
    public string? LastErrorEntity { get; set; }

    /// <summary>Consecutive failed syncs, for the backoff of the next attempt.</summary>
    public int Failures { get; set; }

    /// <summary>Per entity, where the next incremental read starts (JSON object entity to ISO time).</summary>
    public required string WatermarksJson { get; set; }

    /// <summary>The sync under way (<see cref="SyncCheckpoint"/> as JSON), or null.</summary>
    public string? CheckpointJson { get; set; }
    public string? CurrentSyncId { get; set; }
}

/// <summary>One sync of a connection, kept as its history.</summary>
public sealed class SyncRunRecord
{
    public required string Id { get; set; }
    public required string ConnectionId { get; set; }

    /// <summary><c>incremental</c>, <c>full</c> or <c>backfill</c> (the first).</summary>
    public required string Mode { get; set; }

    /// <summary><c>schedule</c> or <c>manual</c>.</summary>
    public required string Trigger { get; set; }

    /// <summary><c>running</c>, <c>completed</c>, <c>failed</c>.</summary>
    public required string Status { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    /// <summary>Counts per entity (<see cref="EntityCounts"/>) as a JSON object.</summary>
    public required string CountsJson { get; set; }

    /// <summary>Per entity, the keys the sync changed (the first 1,000 of each), as a JSON object.</summary>
    public string? ChangedKeysJson { get; set; }
    public string? ErrorCode { get; set; }
    public string? Error { get; set; }
    public string? ErrorEntity { get; set; }
}

public static class SyncStates
{
    public const string Idle = "idle";
    public const string Queued = "queued";
    public const string Running = "running";
}

public static class SyncRunStatuses
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

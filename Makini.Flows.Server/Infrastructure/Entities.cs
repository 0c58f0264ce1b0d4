namespace Makini.Flows.Server.Infrastructure;

/// <summary>A flow as the designer edits it: the draft, and which version is published.</summary>
public sealed class FlowRecord
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }

    /// <summary>The draft in canonical flow JSON.</summary>
    public required string DraftJson { get; set; }
    public int? PublishedVersion { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A published, immutable version of a flow; runs are pinned to one.</summary>
public sealed class FlowVersionRecord
{
    public required string FlowId { get; set; }
    public int Version { get; set; }
    public required string Json { get; set; }
    public required string Hash { get; set; }
    public DateTime PublishedAt { get; set; }
}

/// <summary>A run: its summary columns for listing and filtering, and its whole state (<see cref="Runs.RunRecords.State"/>).</summary>
public sealed class RunRecord
{
    public required string Id { get; set; }
    public required string FlowId { get; set; }
    public int FlowVersion { get; set; }
    public required string Status { get; set; }
    public string? Error { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    /// <summary>
    /// What started the run when it was not a direct call: <c>schedule:{activityId}</c> or
    /// <c>event:{eventType}:{eventId}</c> (see <see cref="Bus.RunTriggers"/>).
    /// </summary>
    public string? Trigger { get; set; }

    /// <summary>
    /// <see cref="Engine.Runtime.RunState"/> (input, output, variables, bookmarks, journal) compressed
    /// (<see cref="Engine.Runtime.CompressedRunState"/>); null on runs stored before it, which have
    /// <see cref="StateJson"/>.
    /// </summary>
    public byte[]? State { get; set; }

    /// <summary>The state as JSON text, as runs were stored before <see cref="State"/>; null on newer runs.</summary>
    public string? StateJson { get; set; }
}

/// <summary>An API key: only its SHA-256 is stored; the prefix lets people tell keys apart.</summary>
public sealed class ApiKeyRecord
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public required string Role { get; set; }
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>An Idempotency-Key seen on a trigger: the same key within 24 h gets the first run's result.</summary>
public sealed class IdempotencyRecord
{
    /// <summary>Flow id and the caller's key, so keys of different flows never collide.</summary>
    public required string Key { get; set; }
    public required string RunId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A platform event (<c>sync.failed</c>, <c>flow.run.completed</c>, ...): stored, then dispatched to the flows listening for it.</summary>
public sealed class EventRecord
{
    public required string Id { get; set; }
    public required string Type { get; set; }
    public string? ConnectionId { get; set; }

    /// <summary>The event's data as JSON (shaped by the type's schema in <see cref="Bus.EventCatalog"/>).</summary>
    public required string DataJson { get; set; }
    public DateTime CreatedAt { get; set; }
}

using System.Text.Json.Nodes;

namespace Makini.Flows.Engine.Runtime;

/// <summary>
/// Everything about one run. Plain data: it serializes to JSON (<see cref="RunStateJson"/>) and a fresh
/// engine continues it from there.
/// </summary>
public sealed class RunState
{
    public required string RunId { get; init; }
    public required string FlowId { get; init; }

    /// <summary>Fingerprint of the flow version the run is pinned to.</summary>
    public required string FlowHash { get; init; }

    public RunStatus Status { get; set; } = RunStatus.Running;
    public JsonNode? Input { get; set; }
    public JsonNode? Output { get; set; }
    public RunError? Error { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; set; }

    public Dictionary<string, JsonNode?> Variables { get; init; } = [];

    /// <summary>Latest outputs of each activity that has run, by activity id and output name.</summary>
    public Dictionary<string, Dictionary<string, JsonNode?>> Outputs { get; init; } = [];

    /// <summary>Tokens waiting to execute, in order.</summary>
    public List<Token> Queue { get; init; } = [];

    public List<Bookmark> Bookmarks { get; init; } = [];

    /// <summary>Open loop iterations (the root scope, id 0, is implicit).</summary>
    public List<ScopeState> Scopes { get; init; } = [];

    /// <summary>Joins that have some arrivals in some scope.</summary>
    public List<JoinState> Joins { get; init; } = [];

    public List<JournalEntry> Journal { get; init; } = [];

    public List<LogEntry> Logs { get; init; } = [];

    /// <summary>
    /// Values activities leave for the host, whatever the journal keeps: e.g. the answer of an HTTP Response
    /// activity. The last value set under a name wins.
    /// </summary>
    public Dictionary<string, JsonNode?> Properties { get; init; } = [];

    /// <summary>The token whose activity faulted, kept so the run can be retried from there.</summary>
    public Token? FaultedToken { get; set; }

    public int NextScopeId { get; set; } = 1;

    public int NextSequence { get; set; } = 1;

    /// <summary>
    /// The run as a completed run is kept under <see cref="Model.CompletedRunData.Summary"/>: identity, status,
    /// times, error and the host's properties (the answer an idempotent HTTP request replays); no input, output,
    /// variables, journal or logs.
    /// </summary>
    public RunState Summary() =>
        new()
        {
            RunId = RunId,
            FlowId = FlowId,
            FlowHash = FlowHash,
            Status = Status,
            Error = Error,
            CreatedAt = CreatedAt,
            FinishedAt = FinishedAt,
            Properties = Properties,
            NextScopeId = NextScopeId,
            NextSequence = NextSequence,
        };

    /// <summary>Bookmarks of this run and of sub-flow runs it waits on.</summary>
    public IEnumerable<Bookmark> AllBookmarks()
    {
        foreach (var bookmark in Bookmarks)
        {
            yield return bookmark;
            if (bookmark.ChildRun is { } child)
                foreach (var nested in child.AllBookmarks())
                    yield return nested;
        }
    }
}

/// <summary>A unit of work: execute an activity in a scope, having arrived over a connection.</summary>
public sealed record Token(string ActivityId, int Scope, int? Connection);

/// <summary>One iteration of a ForEach: its items, position and the scope it runs in.</summary>
public sealed class ScopeState
{
    public required int Id { get; init; }
    public required int Parent { get; init; }

    /// <summary>The ForEach activity that owns the loop.</summary>
    public required string Owner { get; init; }
    public required JsonArray Items { get; init; }
    public required int Index { get; set; }
}

public sealed class Bookmark
{
    public required string Id { get; init; }
    public required string ActivityId { get; init; }
    public required int Scope { get; init; }
    public required string Kind { get; init; }
    public DateTimeOffset? ResumeAt { get; init; }
    public JsonNode? Payload { get; init; }

    /// <summary>For RunFlow: the sub-flow run this bookmark waits on.</summary>
    public RunState? ChildRun { get; set; }
}

/// <summary>Arrivals at a Join in one scope, by connection index, for the current round.</summary>
public sealed class JoinState
{
    public required string ActivityId { get; init; }
    public required int Scope { get; init; }
    public List<int> Arrived { get; init; } = [];

    /// <summary>WaitAny: fired this round; later arrivals of the round are absorbed.</summary>
    public bool Fired { get; set; }
}

public sealed record RunError(string Message, string? ActivityId, string? ActivityType);

public sealed class JournalEntry
{
    public required int Sequence { get; init; }
    public required string ActivityId { get; init; }
    public required string ActivityType { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; set; }
    public double DurationMs { get; set; }

    /// <summary>Loop position when inside a ForEach body, e.g. "2" or "0/3" for nested loops.</summary>
    public string? Iteration { get; init; }
    public Dictionary<string, JsonNode?>? Inputs { get; set; }
    public Dictionary<string, JsonNode?>? Outputs { get; set; }
    public IReadOnlyList<string>? Outcomes { get; set; }
    public string? Error { get; set; }
    public bool Suspended { get; set; }
}

public sealed record LogEntry(DateTimeOffset Time, string ActivityId, string Level, string Message);

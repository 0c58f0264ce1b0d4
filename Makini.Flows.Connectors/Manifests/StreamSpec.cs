using System.Text.Json.Nodes;

namespace Makini.Flows.Connectors.Manifests;

/// <summary>How to read one unified entity from the source.</summary>
public sealed record StreamSpec
{
    /// <summary>The unified entity, as in Makini's EAM paths (<c>work-orders</c>, <c>assets</c>...).</summary>
    public required string Entity { get; init; }
    public required RequestSpec Request { get; init; }

    /// <summary>Pointer to the array of records in an answer.</summary>
    public required string Records { get; init; }

    /// <summary>Pointer to a record's id in the source.</summary>
    public required string PrimaryKey { get; init; }
    public required PaginationSpec Pagination { get; init; }
    public IncrementalSpec? Incremental { get; init; }

    /// <summary>Pointer to a field set on records the source reports deleted.</summary>
    public string? Deleted { get; init; }

    /// <summary>Default mapping: unified field to a source pointer (a string) or a rule (an object).</summary>
    public IReadOnlyDictionary<string, JsonNode> Mapping { get; init; } =
        new Dictionary<string, JsonNode>();
}

/// <summary>Reading only what changed since a watermark.</summary>
public sealed record IncrementalSpec
{
    /// <summary>Pointer to the record's modification time.</summary>
    public required string Field { get; init; }

    /// <summary><c>iso8601</c>, <c>epochSeconds</c>, <c>epochMillis</c> or a .NET date format (UTC).</summary>
    public required string Format { get; init; }
    public string? Parameter { get; init; }
    public IReadOnlyDictionary<string, string> Query { get; init; } =
        new Dictionary<string, string>();
    public JsonObject? Body { get; init; }
    public string? LookBack { get; init; }
}

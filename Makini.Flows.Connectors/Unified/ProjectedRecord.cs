using System.Text.Json.Nodes;

namespace Makini.Flows.Connectors.Unified;

/// <summary>
/// A source record projected into the unified model.
/// </summary>
/// <param name="SourceKey">The record's id in the source (the text at the stream's primary key).</param>
/// <param name="Key">The unified <c>key</c> (the mapped one, else the source key).</param>
/// <param name="Unified">The unified record, its fields in ordinal order; fields without a value are left out.</param>
/// <param name="RawJson">The source's own record as it answered it.</param>
/// <param name="Hash">SHA-256 (lower-case hex) of the unified record and the source's record: any change changes it.</param>
/// <param name="UpdatedAt">The unified <c>updatedAt</c>.</param>
/// <param name="DeletedAt">Set when the source reports the record deleted.</param>
public sealed record ProjectedRecord(
    string SourceKey,
    string Key,
    JsonObject Unified,
    string RawJson,
    string Hash,
    DateTime? UpdatedAt,
    DateTime? DeletedAt
)
{
    /// <summary>Mapped fields whose source value could not be converted to the field's type (so were left out).</summary>
    public IReadOnlyList<string> Unconvertible { get; init; } = [];
}

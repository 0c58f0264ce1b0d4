using System.Text.Json.Nodes;

namespace Makini.Flows.Connectors.Unified;

/// <summary>
/// A source record projected into the unified model.
/// </summary>
/// <param name="SourceKey">The record's id in the source (the text at the stream's primary key).</param>
/// <param name="Key">The unified <c>key</c> (the mapped one, else the source key).</param>
/// <param name="Unified">The unified record, its fields in ordinal order; fields without a value are left out.</param>
/// <param name="RawJson">The source's own record as it answered it.</param>
/// <param name="Hash">The <see cref="RecordHash"/> of the unified record and the source's record: any change changes it.</param>
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
    private JsonObject? _unified = Unified;
    private string? _unifiedJson;
    private bool _projected;
    private string? _statusKey;

    /// <summary>A projection: the unified record as its canonical text, parsed only when <see cref="Unified"/> is read.</summary>
    internal ProjectedRecord(
        string sourceKey,
        string key,
        string unifiedJson,
        string? statusKey,
        string rawJson,
        string hash,
        DateTime? updatedAt,
        DateTime? deletedAt
    )
        : this(sourceKey, key, (JsonObject)null!, rawJson, hash, updatedAt, deletedAt)
    {
        _unifiedJson = unifiedJson;
        _statusKey = statusKey;
        _projected = true;
    }

    /// <summary>The unified record, its fields in ordinal order; fields without a value are left out.</summary>
    public JsonObject Unified
    {
        get => _unified ??= JsonNode.Parse(_unifiedJson!)!.AsObject();
        init => _unified = value;
    }

    /// <summary>
    /// The unified record as JSON text, keys in ordinal order (what <see cref="Hash"/> covers): what a store writes,
    /// without building the JSON tree of <see cref="Unified"/>.
    /// </summary>
    public string UnifiedJson => _unifiedJson ??= _unified!.ToJsonString();

    /// <summary>The unified <c>statusKey</c> (the source's own status), without reading <see cref="Unified"/>.</summary>
    public string? StatusKey =>
        _projected ? _statusKey
        : Unified["statusKey"] is JsonValue value && value.TryGetValue<string>(out var text) ? text
        : null;

    /// <summary>
    /// What a connection's mapping could not do for this record (a script that threw, a value of the wrong type):
    /// those fields are null, and the record lists these under <c>mappingErrors</c>.
    /// </summary>
    public IReadOnlyList<MappingError> MappingErrors { get; init; } = [];

    /// <summary>This record with the source half of its hash taken from a stored one (a re-projection's).</summary>
    public ProjectedRecord WithSourceHashOf(string storedHash) =>
        this with
        {
            Hash = RecordHash.Combine(Hash, storedHash),
        };

    /// <summary>Mapped fields whose source value could not be converted to the field's type (so were left out).</summary>
    public IReadOnlyList<string> Unconvertible { get; init; } = [];
}

/// <summary>A field a connection's mapping could not fill for one record, and why.</summary>
public sealed record MappingError(string Field, string Message);

using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Connectors.Runtime;

namespace Makini.Flows.Connectors.Unified;

/// <summary>
/// Projects source records into the unified model with a stream's default mapping (docs/connectors.md, Mapping).
/// Runs for every record of every sync: the mapping is compiled once per stream, the unified record is written once
/// with a <see cref="Utf8JsonWriter"/> in canonical form (ordinal key order) and that text is what is hashed.
/// </summary>
public static class RecordProjection
{
    private static readonly ConditionalWeakTable<StreamSpec, ProjectionPlan> Plans = new();

    /// <summary>
    /// The unified record of one source record. Fields without a value, and values that cannot be of their field's
    /// type, are left out (the latter named in <see cref="ProjectedRecord.Unconvertible"/>); <c>key</c> is always
    /// there (the primary key's text when the mapping gives none).
    /// </summary>
    /// <exception cref="ConnectorException">InvalidResponse: the record has no primary key.</exception>
    public static ProjectedRecord Project(StreamSpec stream, UnifiedEntity entity, JsonElement raw)
    {
        return Project(PlanFor(stream, entity), raw);
    }

    /// <summary>The unified record of one source record under a compiled plan (a connection's mapping).</summary>
    /// <param name="hashUnified">
    /// False when the caller writes the unified record again and hashes that: the unified half of the hash is then
    /// zeros (only its source half is meant to be kept, <see cref="RecordHash.OfSource"/>).
    /// </param>
    internal static ProjectedRecord Project(
        ProjectionPlan plan,
        JsonElement raw,
        bool hashUnified = true
    )
    {
        var scratch = Scratch.Current;
        var topLevel = scratch.TopLevel(plan.TopLevel.Count);
        plan.TopLevel.Find(raw, topLevel);
        try
        {
            return Project(plan, raw, topLevel, scratch, hashUnified);
        }
        finally
        {
            // The record's document stays referenced no longer than its projection.
            Array.Clear(topLevel);
        }
    }

    private static ProjectedRecord Project(
        ProjectionPlan plan,
        JsonElement raw,
        JsonElement[] topLevel,
        Scratch scratch,
        bool hashUnified = true
    )
    {
        var sourceKey = SourceKey(plan, raw, topLevel);
        var writer = scratch.Start();
        string? key = null;
        string? statusKey = null;
        DateTime? updatedAt = null;
        DateTime? deletedAt = null;
        List<string>? unconvertible = null;

        writer.WriteStartObject();
        var fields = plan.Fields;
        for (var i = 0; i < fields.Length; i++)
        {
            if (fields[i].Items is { } items)
            {
                if (
                    fields[i].Path is { } path
                    && path.TryFind(raw, topLevel, out var array)
                    && FieldRule.HasValue(array)
                )
                    items.WriteArray(writer, fields[i], array, "", ref unconvertible);
                continue;
            }
            if (fields[i].Record is { } recordObject)
            {
                recordObject.WriteRecordObject(writer, fields[i], raw, ref unconvertible);
                continue;
            }
            var outcome = fields[i].Evaluate(raw, topLevel, out var value);
            if (outcome == Conversion.Failed)
                (unconvertible ??= []).Add(fields[i].Name);
            if (i == plan.KeyIndex)
            {
                key = outcome == Conversion.Converted ? value.AsText() : null;
                if (string.IsNullOrEmpty(key))
                    value = FieldValue.Of(key = sourceKey);
            }
            else if (outcome != Conversion.Converted)
                continue;
            writer.WritePropertyName(fields[i].EncodedName);
            value.WriteTo(writer);
            if (i == plan.StatusKeyIndex)
                statusKey = value.AsText();
            else if (value.Kind == FieldValueKind.Time && !value.Wrapped)
            {
                if (i == plan.UpdatedAtIndex)
                    updatedAt = value.TimeValue;
                else if (i == plan.DeletedAtIndex)
                    deletedAt = value.TimeValue;
            }
        }
        writer.WriteEndObject();
        writer.Flush();

        if (deletedAt is null && plan.Deleted is { } deleted)
            deletedAt = DeletedMarker(deleted, raw, topLevel, updatedAt);
        var rawJson = JsonMarshal.GetRawUtf8Value(raw);
        var unifiedLength = scratch.Written.Length;
        var hash = scratch.HashWith(rawJson, hashUnified);
        return new ProjectedRecord(
            sourceKey,
            key!,
            Encoding.UTF8.GetString(scratch.Written[..unifiedLength]),
            statusKey,
            Encoding.UTF8.GetString(rawJson),
            hash,
            updatedAt,
            deletedAt
        )
        {
            Unconvertible = unconvertible ?? (IReadOnlyList<string>)[],
        };
    }

    private static ProjectionPlan PlanFor(StreamSpec stream, UnifiedEntity entity)
    {
        if (Plans.TryGetValue(stream, out var plan) && ReferenceEquals(plan.Entity, entity))
            return plan;
        plan = ProjectionPlan.Compile(stream, entity);
        Plans.AddOrUpdate(stream, plan);
        return plan;
    }

    private static string SourceKey(ProjectionPlan plan, JsonElement raw, JsonElement[] topLevel)
    {
        if (plan.PrimaryKey.TryFind(raw, topLevel, out var id))
        {
            if (id.ValueKind == JsonValueKind.Number)
                return id.GetRawText();
            if (id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } text)
                return text;
        }
        throw new ConnectorException(
            ConnectorErrorCode.InvalidResponse,
            $"a {plan.Stream.Entity} record has no id at {plan.Stream.PrimaryKey} (the stream's primary key)"
        );
    }

    // The stream's deleted field: a time says when; true (or any other mark) says only that, so the record's last
    // modification (or now) stands for when.
    private static DateTime? DeletedMarker(
        SourcePointer pointer,
        JsonElement raw,
        JsonElement[] topLevel,
        DateTime? updatedAt
    )
    {
        if (!pointer.TryFind(raw, topLevel, out var mark))
            return null;
        var deleted = mark.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.Number => !(mark.TryGetDecimal(out var number) && number == 0),
            JsonValueKind.String => mark.GetString()!.Trim().ToLowerInvariant()
                is not ("" or "false" or "0" or "no"),
            _ => false,
        };
        if (!deleted)
            return null;
        if (mark.ValueKind == JsonValueKind.String && UnifiedTime.TryRead(mark, null, out var at))
            return at;
        return updatedAt ?? UnifiedTime.Now();
    }

    /// <summary>A thread's writer and buffer, reused record after record.</summary>
    private sealed class Scratch
    {
        private const int KeptCapacity = 1 << 20;

        [ThreadStatic]
        private static Scratch? _current;

        private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(
            HashAlgorithmName.SHA256
        );
        private readonly Utf8JsonWriter _writer = new(
            Stream.Null,
            new JsonWriterOptions { SkipValidation = true }
        );
        private ArrayBufferWriter<byte> _buffer = new(4096);

        private JsonElement[] _topLevel = new JsonElement[32];

        public static Scratch Current => _current ??= new Scratch();

        public JsonElement[] TopLevel(int count)
        {
            if (_topLevel.Length < count)
                _topLevel = new JsonElement[count];
            return _topLevel;
        }

        public Utf8JsonWriter Start()
        {
            if (_buffer.Capacity > KeptCapacity)
                _buffer = new ArrayBufferWriter<byte>(4096);
            _buffer.ResetWrittenCount();
            _writer.Reset(_buffer);
            return _writer;
        }

        public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

        /// <summary>
        /// The record's hash (<see cref="RecordHash"/>): the unified record written and the source record, each hashed
        /// with a reused hash (no native context made and freed per record).
        /// </summary>
        public string HashWith(ReadOnlySpan<byte> raw, bool hashUnified = true) =>
            hashUnified
                ? RecordHash.Of(_sha256, _buffer.WrittenSpan, raw)
                : RecordHash.OfSource(_sha256, raw);
    }
}

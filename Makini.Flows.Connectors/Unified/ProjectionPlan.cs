using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Manifests;

namespace Makini.Flows.Connectors.Unified;

/// <summary>A stream's mapping compiled for one entity: its fields in the ordinal order they are written in.</summary>
internal sealed class ProjectionPlan
{
    public const string KeyField = "key";

    private ProjectionPlan(StreamSpec stream, UnifiedEntity entity, FieldRule[] fields)
    {
        Stream = stream;
        Entity = entity;
        PrimaryKey = SourcePointer.Parse(stream.PrimaryKey);
        Deleted = stream.Deleted is { } deleted ? SourcePointer.Parse(deleted) : null;
        Fields = fields;
        KeyIndex = Array.FindIndex(fields, f => f.Name == KeyField);
        UpdatedAtIndex = Array.FindIndex(fields, f => f.Name == "updatedAt");
        DeletedAtIndex = Array.FindIndex(fields, f => f.Name == "deletedAt");
        StatusKeyIndex = Array.FindIndex(fields, f => f.Name == "statusKey");
        TopLevel = Slotted([PrimaryKey, Deleted, .. fields.Select(f => f.Path)]);
    }

    public StreamSpec Stream { get; }
    public UnifiedEntity Entity { get; }
    public SourcePointer PrimaryKey { get; }
    public SourcePointer? Deleted { get; }

    /// <summary>The record's top-level fields the pointers start with.</summary>
    public TopLevelFields TopLevel { get; }
    public FieldRule[] Fields { get; }
    public int KeyIndex { get; }
    public int UpdatedAtIndex { get; }
    public int DeletedAtIndex { get; }
    public int StatusKeyIndex { get; }

    public static TopLevelFields Slotted(IEnumerable<SourcePointer?> pointers)
    {
        var names = new List<byte[]>();
        foreach (var pointer in pointers)
        {
            if (pointer?.FirstName is not { } name)
                continue;
            var slot = names.FindIndex(n => n.AsSpan().SequenceEqual(name));
            if (slot < 0)
            {
                slot = names.Count;
                names.Add(name);
            }
            pointer.Slot = slot;
        }
        return new TopLevelFields(names);
    }

    public static ProjectionPlan Compile(StreamSpec stream, UnifiedEntity entity) =>
        Compile(stream, entity, stream.Mapping, null);

    /// <summary>
    /// A plan of <paramref name="mapping"/> (a connection's overlay of the stream's) and, when given, an object field
    /// of fields mapped from the record itself (its custom fields).
    /// </summary>
    public static ProjectionPlan Compile(
        StreamSpec stream,
        UnifiedEntity entity,
        IReadOnlyDictionary<string, JsonNode> mapping,
        (string Name, ItemPlan Fields)? recordObject
    )
    {
        var fields = mapping.Select(m => FieldRule.Compile(m.Key, m.Value, entity)).ToList();
        if (recordObject is var (name, plan))
            fields.Add(FieldRule.RecordObject(name, plan));
        if (!mapping.ContainsKey(KeyField))
            fields.Add(FieldRule.Unmapped(KeyField, entity));
        fields.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new ProjectionPlan(stream, entity, [.. fields]);
    }
}

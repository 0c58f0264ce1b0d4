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
    }

    public StreamSpec Stream { get; }
    public UnifiedEntity Entity { get; }
    public SourcePointer PrimaryKey { get; }
    public SourcePointer? Deleted { get; }
    public FieldRule[] Fields { get; }
    public int KeyIndex { get; }
    public int UpdatedAtIndex { get; }
    public int DeletedAtIndex { get; }

    public static ProjectionPlan Compile(StreamSpec stream, UnifiedEntity entity)
    {
        var fields = stream.Mapping.Select(m => FieldRule.Compile(m.Key, m.Value, entity)).ToList();
        if (!stream.Mapping.ContainsKey(KeyField))
            fields.Add(FieldRule.Unmapped(KeyField, entity));
        fields.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new ProjectionPlan(stream, entity, [.. fields]);
    }
}

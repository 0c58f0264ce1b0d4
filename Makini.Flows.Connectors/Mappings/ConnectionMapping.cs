using System.Text.Json;
using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Connectors.Unified;

namespace Makini.Flows.Connectors.Mappings;

/// <summary>
/// A connection's mapping of one entity, compiled: the stream's default mapping with the connection's document
/// overlaid (one declarative plan, custom fields included), and the fields scripts compute. Thread-safe; projects
/// pages of source records.
/// </summary>
public sealed class ConnectionMapping
{
    public const string CustomFieldsName = "customFields";
    public const string MappingErrorsName = "mappingErrors";

    internal ConnectionMapping(
        StreamSpec stream,
        UnifiedEntity entity,
        MappingDocument document,
        long version,
        ProjectionPlan plan,
        IReadOnlyList<ScriptedField> scripts,
        IReadOnlySet<string> watched,
        IReadOnlyList<CustomFieldInfo> customFields
    )
    {
        Stream = stream;
        Entity = entity;
        Document = document;
        Version = version;
        Plan = plan;
        Scripts = scripts;
        Watched = watched;
        CustomFields = customFields;
    }

    public StreamSpec Stream { get; }
    public UnifiedEntity Entity { get; }
    public MappingDocument Document { get; }

    /// <summary>The saved version this mapping is (0: the connector's default).</summary>
    public long Version { get; }

    public IReadOnlyList<CustomFieldInfo> CustomFields { get; }

    internal ProjectionPlan Plan { get; }
    internal IReadOnlyList<ScriptedField> Scripts { get; }

    /// <summary>Fields the document maps: a value of the wrong type there is listed as an error of the record.</summary>
    internal IReadOnlySet<string> Watched { get; }

    /// <summary>The stream's default mapping, as a connection without a document of its own sees it.</summary>
    public static ConnectionMapping Default(
        StreamSpec stream,
        UnifiedEntity entity,
        long version = 0
    ) =>
        new(
            stream,
            entity,
            MappingDocument.Default,
            version,
            ProjectionPlan.Compile(stream, entity),
            [],
            new HashSet<string>(),
            []
        );

    /// <summary>
    /// Projects a page of source records. A record whose scripts fail or whose values do not convert is still
    /// projected: those fields are null and listed in its <see cref="ProjectedRecord.MappingErrors"/>.
    /// </summary>
    /// <exception cref="Runtime.ConnectorException">A record has no primary key.</exception>
    public ProjectedRecord[] Project(
        IReadOnlyList<JsonElement> raws,
        CancellationToken cancellationToken = default
    )
    {
        var projected = new ProjectedRecord[raws.Count];
        var needsCompletion = Scripts.Count > 0;
        for (var i = 0; i < projected.Length; i++)
        {
            // With scripts every record is written again and hashed then (MappedRecords): the unified text of the
            // projection is not hashed for nothing.
            projected[i] = RecordProjection.Project(Plan, raws[i], hashUnified: !needsCompletion);
            needsCompletion |= projected[i].Unconvertible.Any(Watched.Contains);
        }
        return needsCompletion
            ? MappedRecords.Complete(this, raws, projected, cancellationToken)
            : projected;
    }

    /// <summary>One record (the <c>Map</c> activity's and the preview's unit).</summary>
    public ProjectedRecord Project(
        JsonElement raw,
        CancellationToken cancellationToken = default
    ) => Project([raw], cancellationToken)[0];
}

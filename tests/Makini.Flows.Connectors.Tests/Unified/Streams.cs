using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Connectors.Unified;

namespace Makini.Flows.Connectors.Tests.Unified;

/// <summary>Streams with a given mapping, and projections of records written as JSON text.</summary>
internal static class Streams
{
    public static StreamSpec With(
        string entity,
        string mapping,
        string primaryKey = "/id",
        string? deleted = null
    ) =>
        new()
        {
            Entity = entity,
            Request = new RequestSpec { Path = "/" + entity },
            Records = "/data",
            PrimaryKey = primaryKey,
            Pagination = new NoPagination(),
            Deleted = deleted,
            Mapping = JsonNode
                .Parse(mapping)!
                .AsObject()
                .ToDictionary(p => p.Key, p => p.Value!.DeepClone()),
        };

    public static ProjectedRecord Project(StreamSpec stream, string record) =>
        RecordProjection.Project(
            stream,
            UnifiedModel.Find(stream.Entity)!,
            JsonElement.Parse(record)
        );
}

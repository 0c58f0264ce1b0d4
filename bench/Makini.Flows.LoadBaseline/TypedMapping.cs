using System.Text.Json;
using System.Text.Json.Serialization;

namespace Makini.Flows.LoadBaseline;

public sealed record WorkOrder(
    long Id,
    string Title,
    string Status,
    string Priority,
    long AssetId,
    string DueDate
);

public sealed record WorkOrderBatch(WorkOrder[] Records);

public sealed record MappedWorkOrder(
    string Key,
    string Title,
    string Status,
    string Priority,
    long Asset,
    string Due,
    bool Overdue
);

public sealed record AcceptedAnswer(bool Accepted);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WorkOrderBatch))]
[JsonSerializable(typeof(MappedWorkOrder[]))]
[JsonSerializable(typeof(AcceptedAnswer))]
public sealed partial class BaselineJson : JsonSerializerContext;

public static class TypedMapping
{
    public static MappedWorkOrder[] Map(WorkOrderBatch batch)
    {
        var mapped = new MappedWorkOrder[batch.Records.Length];
        for (var i = 0; i < mapped.Length; i++)
        {
            var record = batch.Records[i];
            mapped[i] = new MappedWorkOrder(
                record.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                record.Title,
                record.Status.ToLowerInvariant(),
                record.Priority,
                record.AssetId,
                record.DueDate,
                string.CompareOrdinal(record.DueDate, "2026-11-29") < 0
            );
        }
        return mapped;
    }
}

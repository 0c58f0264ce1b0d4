using System.Text.Json.Nodes;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// The 20-field record mapping measured in both languages: a source work order (as a CMMS API returns it)
/// mapped field by field to a unified record, with a few conversions. Both scripts give the same JSON.
/// </summary>
internal static class RecordMapping
{
    public static readonly string[] SourceFields =
    [
        "id",
        "name",
        "status",
        "priority",
        "assetId",
        "locationId",
        "assignee",
        "team",
        "category",
        "dueDate",
        "createdAt",
        "updatedAt",
        "estimatedHours",
        "actualHours",
        "cost",
        "currency",
        "description",
        "procedure",
        "externalRef",
        "site",
    ];

    /// <summary>A source record as the engine hands it to scripts: parsed from JSON text.</summary>
    public static JsonObject SourceRecord(int i)
    {
        var record = new JsonObject();
        foreach (var field in SourceFields)
            record[field] = field switch
            {
                "estimatedHours" or "actualHours" or "cost" => i % 97 + 0.5,
                _ => $"{field}-{i}",
            };
        return JsonNode.Parse(record.ToJsonString())!.AsObject();
    }

    /// <summary>Copies nodes it keeps as they are (DeepClone) and converts only what it changes.</summary>
    public const string CSharp = """
        new JsonObject(
        [
            new("key", item["id"]!.DeepClone()),
            new("title", item["name"]!.DeepClone()),
            new("status", ((string)item["status"]!).ToLowerInvariant()),
            new("priority", item["priority"]!.DeepClone()),
            new("asset", item["assetId"]!.DeepClone()),
            new("location", item["locationId"]!.DeepClone()),
            new("assignee", item["assignee"]!.DeepClone()),
            new("team", item["team"]!.DeepClone()),
            new("category", item["category"]!.DeepClone()),
            new("dueDate", item["dueDate"]!.DeepClone()),
            new("createdAt", item["createdAt"]!.DeepClone()),
            new("updatedAt", item["updatedAt"]!.DeepClone()),
            new("estimatedHours", item["estimatedHours"]!.DeepClone()),
            new("actualHours", item["actualHours"]!.DeepClone()),
            new("cost", (double)item["cost"]! * 1.2),
            new("currency", item["currency"]!.DeepClone()),
            new("description", item["description"]!.DeepClone()),
            new("procedure", item["procedure"]!.DeepClone()),
            new("externalRef", item["externalRef"]!.DeepClone()),
            new("site", item["site"]!.DeepClone()),
        ])
        """;

    public const string JavaScript = """
        ({
          key: item.id,
          title: item.name,
          status: item.status.toLowerCase(),
          priority: item.priority,
          asset: item.assetId,
          location: item.locationId,
          assignee: item.assignee,
          team: item.team,
          category: item.category,
          dueDate: item.dueDate,
          createdAt: item.createdAt,
          updatedAt: item.updatedAt,
          estimatedHours: item.estimatedHours,
          actualHours: item.actualHours,
          cost: item.cost * 1.2,
          currency: item.currency,
          description: item.description,
          procedure: item.procedure,
          externalRef: item.externalRef,
          site: item.site,
        })
        """;
}

using System.Text.Json.Nodes;

namespace Makini.Flows.Server.Records;

/// <summary>
/// The fields of two versions of a unified record whose values differ, in ordinal order: custom fields one by one
/// (<c>customFields.costCenter</c>), the mapping's error list left out. What an update event's
/// <c>changedFields</c> and a mapping preview's <c>changes</c> both name.
/// </summary>
public static class UnifiedDifferences
{
    private const string CustomFields = "customFields";
    private const string MappingErrors = "mappingErrors";

    public static IEnumerable<(string Field, JsonNode? Before, JsonNode? After)> Of(
        JsonObject before,
        JsonObject after
    )
    {
        foreach (var name in Names(before, after).Where(n => n != MappingErrors))
        {
            if (name == CustomFields)
            {
                var was = before[name] as JsonObject ?? [];
                var now = after[name] as JsonObject ?? [];
                foreach (var custom in Names(was, now))
                    if (!JsonNode.DeepEquals(was[custom], now[custom]))
                        yield return ($"{CustomFields}.{custom}", was[custom], now[custom]);
                continue;
            }
            if (!JsonNode.DeepEquals(before[name], after[name]))
                yield return (name, before[name], after[name]);
        }
    }

    private static IEnumerable<string> Names(JsonObject a, JsonObject b) =>
        a.Select(p => p.Key)
            .Concat(b.Select(p => p.Key))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
}

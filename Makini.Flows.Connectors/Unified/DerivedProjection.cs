using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Connectors.Runtime;

namespace Makini.Flows.Connectors.Unified;

/// <summary>
/// The records of a derived entity (<see cref="UnifiedEntity.DerivedFrom"/>) made from one source record: each item of
/// the array its parent's mapping reads (a purchase order's <c>lineItems</c> rule) projected with that rule's item
/// mapping, but typed by the derived entity's schema (<c>LineItem</c>), keyed <c>{parent key}:{item key}</c>, with the
/// parent's key (<c>poKey</c>), the parent's <c>updatedAt</c> when the item has none, and deleted with its parent.
/// </summary>
public static class DerivedProjection
{
    private static readonly ConditionalWeakTable<
        StreamSpec,
        ConcurrentDictionary<string, Plan?>
    > Plans = new();

    /// <summary>Whether the stream's mapping fills the array the derived entity is made from.</summary>
    public static bool Derives(StreamSpec stream, UnifiedEntity derived) =>
        PlanFor(stream, derived) is not null;

    /// <summary>The derived records of one source record, given its own projection.</summary>
    public static IReadOnlyList<ProjectedRecord> Project(
        StreamSpec stream,
        UnifiedEntity derived,
        JsonElement raw,
        ProjectedRecord parent
    )
    {
        if (
            PlanFor(stream, derived) is not { } plan
            || JsonPointers.Find(raw, plan.Pointer) is not { } source
        )
            return [];
        IEnumerable<JsonElement> items = source.ValueKind switch
        {
            JsonValueKind.Array => source.EnumerateArray(),
            JsonValueKind.Object => [source],
            _ => [],
        };
        var records = new List<ProjectedRecord>();
        var index = 0;
        foreach (var item in items)
        {
            if (item.ValueKind == JsonValueKind.Object)
                records.Add(Record(plan, derived.DerivedFrom!, item, index, parent));
            index++;
        }
        return records;
    }

    /// <summary>The source keys of the derived records of a stored parent, from the item keys in its unified record.</summary>
    public static IEnumerable<string> SourceKeys(
        UnifiedDerivation derivation,
        string parentSourceKey,
        JsonObject parentUnified
    ) =>
        parentUnified[derivation.Field] is JsonArray items
            ? items
                .Select(item => item?["key"] is JsonValue key ? key.ToString() : null)
                .OfType<string>()
                .Select(key => ChildKey(parentSourceKey, key))
            : [];

    /// <summary>A derived record's key: its parent's key, a colon, its item's key.</summary>
    public static string ChildKey(string parentKey, string itemKey) => $"{parentKey}:{itemKey}";

    private static ProjectedRecord Record(
        Plan plan,
        UnifiedDerivation derivation,
        JsonElement item,
        int index,
        ProjectedRecord parent
    )
    {
        List<string>? unconvertible = null;
        var fields = plan.Items.Project(item, index, out var itemKey, ref unconvertible);
        itemKey ??= (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var key = ChildKey(parent.Key, itemKey);
        fields[ProjectionPlan.KeyField] = key;
        fields[derivation.ParentKeyField] = parent.Key;
        if (!fields.ContainsKey("updatedAt") && parent.UpdatedAt is { } parentUpdatedAt)
            fields["updatedAt"] = UnifiedTime.Format(parentUpdatedAt);
        var updatedAt = TimeOf(fields["updatedAt"]);
        var deletedAt = parent.DeletedAt ?? TimeOf(fields["deletedAt"]);
        var pairs = fields.ToList();
        fields.Clear();
        pairs.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var unified = new JsonObject(pairs);
        var rawJson = item.GetRawText();
        return new ProjectedRecord(
            ChildKey(parent.SourceKey, itemKey),
            key,
            unified,
            rawJson,
            Hash(unified.ToJsonString(), rawJson),
            updatedAt,
            deletedAt
        )
        {
            Unconvertible = unconvertible ?? (IReadOnlyList<string>)[],
        };
    }

    private static DateTime? TimeOf(JsonNode? value) =>
        value is JsonValue v
        && v.TryGetValue<string>(out var text)
        && UnifiedTime.TryRead(text, null, out var time)
            ? time
            : null;

    // As a projected record's hash: the unified record, a line feed, the source record.
    private static string Hash(string unified, string raw)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        return RecordHash.Of(sha256, Encoding.UTF8.GetBytes(unified), Encoding.UTF8.GetBytes(raw));
    }

    private static Plan? PlanFor(StreamSpec stream, UnifiedEntity derived)
    {
        if (derived.DerivedFrom is not { } derivation || stream.Entity != derivation.Entity)
            return null;
        return Plans
            .GetValue(stream, _ => new ConcurrentDictionary<string, Plan?>(StringComparer.Ordinal))
            .GetOrAdd(
                derived.Name,
                _ =>
                    stream.Mapping.GetValueOrDefault(derivation.Field) is JsonObject rule
                    && rule["items"] is JsonObject items
                    && (string?)rule["path"] is { } pointer
                        ? new Plan(pointer, ItemPlan.Compile(items, derived))
                        : null
            );
    }

    private sealed record Plan(string Pointer, ItemPlan Items);
}

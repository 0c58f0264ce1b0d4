using System.Text.Json.Nodes;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Server.Mappings;

/// <summary>One difference between two JSON documents, at a JSON pointer.</summary>
public sealed record JsonChange(string Pointer, string Op, JsonNode? Before, JsonNode? After);

/// <summary>
/// The differences of two JSON documents, object member by member (arrays and values compare whole): what a mapping
/// version changed.
/// </summary>
public static class JsonDiff
{
    public static List<JsonChange> Of(JsonNode? before, JsonNode? after)
    {
        var changes = new List<JsonChange>();
        Compare(before, after, "", changes);
        return changes;
    }

    private static void Compare(
        JsonNode? before,
        JsonNode? after,
        string pointer,
        List<JsonChange> changes
    )
    {
        if (before is JsonObject was && after is JsonObject now)
        {
            foreach (var (name, value) in was)
            {
                var at = $"{pointer}/{JsonPointer.Escape(name)}";
                if (!now.TryGetPropertyValue(name, out var other))
                    changes.Add(new JsonChange(at, "remove", value?.DeepClone(), null));
                else
                    Compare(value, other, at, changes);
            }
            foreach (var (name, value) in now)
                if (!was.ContainsKey(name))
                    changes.Add(
                        new JsonChange(
                            $"{pointer}/{JsonPointer.Escape(name)}",
                            "add",
                            null,
                            value?.DeepClone()
                        )
                    );
            return;
        }
        if (!JsonNode.DeepEquals(before, after))
            changes.Add(
                new JsonChange(pointer, "replace", before?.DeepClone(), after?.DeepClone())
            );
    }
}

namespace Makini.Flows.Connectors.OpenApi;

/// <summary>
/// The unified entity a vendor's list path reads, by the words vendors use for it (<c>/workorders</c>, <c>/tasks</c>,
/// <c>/wo</c> -> <c>work-orders</c>).
/// </summary>
public static class EntitySynonyms
{
    // Keys are normalized (Names.Normalize) and singular (Names.Singular).
    private static readonly Dictionary<string, string> ByWord = new(StringComparer.Ordinal)
    {
        ["workorder"] = "work-orders",
        ["task"] = "work-orders",
        ["wo"] = "work-orders",
        ["job"] = "work-orders",
        ["workrequest"] = "service-requests",
        ["servicerequest"] = "service-requests",
        ["request"] = "service-requests",
        ["maintenancerequest"] = "service-requests",
        ["part"] = "materials",
        ["item"] = "materials",
        ["material"] = "materials",
        ["inventoryitem"] = "materials",
        ["sparepart"] = "materials",
        ["asset"] = "assets",
        ["equipment"] = "assets",
        ["location"] = "locations",
        ["site"] = "sites",
        ["facility"] = "sites",
        ["plant"] = "sites",
        ["user"] = "users",
        ["people"] = "users",
        ["person"] = "users",
        ["employee"] = "users",
        ["vendor"] = "vendors",
        ["supplier"] = "vendors",
        ["purchaseorder"] = "purchase-orders",
        ["po"] = "purchase-orders",
        ["team"] = "teams",
        ["meter"] = "meters",
        ["meterreading"] = "meter-readings",
        ["reading"] = "meter-readings",
        ["pm"] = "pm",
        ["preventivemaintenance"] = "pm",
        ["maintenanceplan"] = "pm",
        ["storeroom"] = "storerooms",
        ["warehouse"] = "storerooms",
        ["stockroom"] = "storerooms",
        ["inventory"] = "inventories",
        ["stock"] = "inventories",
    };

    private static readonly HashSet<string> PathNoise = new(StringComparer.Ordinal)
    {
        "api",
        "rest",
        "public",
        "os",
        "list",
        "all",
        "search",
    };

    /// <summary>The unified entity of a path, and the word of the path it was found by; null when none matches.</summary>
    public static (string Entity, string Word)? Of(string path)
    {
        var word = LastWord(path);
        if (word.Length == 0)
            return null;
        var normalized = Names.Normalize(word);
        foreach (var candidate in (string[])[normalized, Names.Singular(normalized)])
            if (ByWord.TryGetValue(candidate, out var entity))
                return (entity, word);
        return null;
    }

    /// <summary>The last segment of a path that names something (not a version, not <c>api</c>, not <c>list</c>).</summary>
    public static string LastWord(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = segments.Length - 1; i >= 0; i--)
        {
            var normalized = Names.Normalize(segments[i]);
            var isVersion =
                normalized.Length > 1
                && normalized[0] == 'v'
                && normalized[1..].All(char.IsAsciiDigit);
            if (normalized.Length > 0 && !isVersion && !PathNoise.Contains(normalized))
                return segments[i];
        }
        return "";
    }
}

using System.Text.Json;

namespace Makini.Flows.Server.Records;

/// <summary>
/// The statuses list (<c>/api/eam/statuses/{entity}</c>), in Makini's Status shape: <c>key</c> (the statusKey in
/// use) and <c>name</c> (the status text of its most recent record, else the key). Few enough to filter, sort and
/// page in memory, with the list query's syntax over <c>key</c> and <c>name</c>.
/// </summary>
public static class StatusList
{
    public static readonly IReadOnlyList<string> Fields = ["key", "name"];

    public static RecordField Resolve(string name) =>
        Fields.Contains(name)
            ? new RecordField(name, [name], "string", null)
            : throw new RecordQueryParser.UnknownField(
                $"statuses have the fields {string.Join(" and ", Fields)}, not '{name}'"
            );

    public static (List<StatusInUse> Page, int Total) Apply(
        IEnumerable<StatusInUse> statuses,
        RecordQuery query
    )
    {
        var named = statuses.Select(s => s with { Name = s.Name ?? s.Key });
        if (query.Filters.Count > 0)
            named = named.Where(s =>
                query.MatchAny
                    ? query.Filters.Any(f => Matches(s, f))
                    : query.Filters.All(f => Matches(s, f))
            );
        IOrderedEnumerable<StatusInUse>? ordered = null;
        foreach (var sort in query.Sorts)
        {
            Func<StatusInUse, string> value = sort.Field.Name == "name" ? s => s.Name! : s => s.Key;
            ordered = (ordered, sort.Descending) switch
            {
                (null, false) => named.OrderBy(value, StringComparer.Ordinal),
                (null, true) => named.OrderByDescending(value, StringComparer.Ordinal),
                (_, false) => ordered.ThenBy(value, StringComparer.Ordinal),
                (_, true) => ordered.ThenByDescending(value, StringComparer.Ordinal),
            };
        }
        var all = (ordered ?? named).ToList();
        return ([.. all.Skip(query.Offset).Take(query.PerPage)], all.Count);
    }

    public static void Write(Utf8JsonWriter json, StatusInUse status)
    {
        json.WriteStartObject();
        json.WriteString("key", status.Key);
        json.WriteString("name", status.Name ?? status.Key);
        json.WriteEndObject();
    }

    private static bool Matches(StatusInUse status, RecordFilter filter)
    {
        var value = filter.Field.Name == "name" ? status.Name! : status.Key;
        return filter.Operator switch
        {
            FilterOperator.Equals => value == filter.Value,
            FilterOperator.Contains => value.Contains(
                filter.Value,
                StringComparison.OrdinalIgnoreCase
            ),
            FilterOperator.StartsWith => value.StartsWith(
                filter.Value,
                StringComparison.OrdinalIgnoreCase
            ),
            FilterOperator.GreaterThan => string.CompareOrdinal(value, filter.Value) > 0,
            FilterOperator.GreaterOrEqual => string.CompareOrdinal(value, filter.Value) >= 0,
            FilterOperator.LessThan => string.CompareOrdinal(value, filter.Value) < 0,
            _ => string.CompareOrdinal(value, filter.Value) <= 0,
        };
    }
}

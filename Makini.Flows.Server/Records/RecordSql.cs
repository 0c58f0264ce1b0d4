using System.Text;

namespace Makini.Flows.Server.Records;

/// <summary>
/// The statements of the records API, the same on both databases apart from the dialect's expressions: the live
/// records of one connection's entity, filtered, ordered (always ending with <c>id</c>, so pages never overlap),
/// and paged.
/// </summary>
internal static class RecordSql
{
    private const string Scope =
        "connection_id = @connection AND entity = @entity AND deleted_at IS NULL";

    public static string Page(IRecordDialect dialect, RecordQuery query, SqlParameters parameters)
    {
        var sql = new StringBuilder($"SELECT {dialect.DataText} FROM records WHERE {Scope}");
        sql.Append(Filters(dialect, query, parameters));
        sql.Append(" ORDER BY ");
        foreach (var sort in query.Sorts)
            sql.Append(dialect.SortKey(sort.Field)).Append(Direction(sort.Descending)).Append(", ");
        sql.Append("id")
            .Append(query.Sorts.Count > 0 && query.Sorts[^1].Descending ? " DESC" : " ASC");
        sql.Append(" LIMIT ")
            .Append(parameters.Add((long)query.PerPage))
            .Append(" OFFSET ")
            .Append(parameters.Add((long)query.Offset));
        return sql.ToString();
    }

    public static string Count(
        IRecordDialect dialect,
        RecordQuery query,
        SqlParameters parameters
    ) => $"SELECT count(*) FROM records WHERE {Scope}{Filters(dialect, query, parameters)}";

    public static string ByKey(IRecordDialect dialect) =>
        $"SELECT {dialect.DataText} FROM records WHERE {Scope} AND key = @key ORDER BY id LIMIT 1";

    /// <summary>
    /// The total read from <c>record_counts</c> when the filters allow it (none, or equalities on <c>statusKey</c>
    /// only); null when the matching records must be counted.
    /// </summary>
    public static string? CountFromSummary(RecordQuery query, SqlParameters parameters)
    {
        const string Counts =
            "SELECT coalesce(sum(live), 0) FROM record_counts WHERE connection_id = @connection AND entity = @entity";
        if (query.Filters.Count == 0)
            return Counts;
        if (
            !query.Filters.All(f =>
                f.Field.Column == "status_key" && f.Operator == FilterOperator.Equals
            )
        )
            return null;
        var keys = query.Filters.Select(f => f.Value).Distinct(StringComparer.Ordinal).ToList();
        // All of several different statuses: no record has two.
        if (!query.MatchAny && keys.Count > 1)
            return "SELECT 0";
        return $"{Counts} AND has_status AND status_key IN ({string.Join(", ", keys.Select(parameters.Add))})";
    }

    /// <summary>
    /// The status keys with live records (from <c>record_counts</c>), each with the <c>status</c> text of its most
    /// recently updated record (one index lookup each).
    /// </summary>
    public static string Statuses(IRecordDialect dialect, bool withNames)
    {
        var name = withNames
            ? $"""
                (SELECT {dialect.FieldText("n", "status")} FROM records n
                 WHERE n.connection_id = @connection AND n.entity = @entity AND n.deleted_at IS NULL
                   AND n.status_key = c.status_key
                 ORDER BY n.updated_at DESC, n.id DESC LIMIT 1)
                """
            : "NULL";
        return $"""
            SELECT c.status_key, {name} FROM record_counts c
            WHERE c.connection_id = @connection AND c.entity = @entity AND c.has_status AND c.live > 0
            """;
    }

    public static string Comparison(FilterOperator op) =>
        op switch
        {
            FilterOperator.GreaterThan => ">",
            FilterOperator.GreaterOrEqual => ">=",
            FilterOperator.LessThan => "<",
            FilterOperator.LessOrEqual => "<=",
            _ => "=",
        };

    /// <summary>A <c>LIKE</c> pattern matching the text literally (escape character <c>\</c>).</summary>
    public static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    /// <summary>
    /// A date comparison; <paramref name="time"/> writes a parameter for an instant. A date without a time is its
    /// midnight (UTC), except for equality, where it means the whole day.
    /// </summary>
    public static string Dated(string instant, RecordFilter filter, Func<DateTime, string> time) =>
        filter.Operator == FilterOperator.Equals && filter.WholeDay
            ? $"({instant} >= {time(filter.Instant)} AND {instant} < {time(filter.Instant.AddDays(1))})"
            : $"{instant} {Comparison(filter.Operator)} {time(filter.Instant)}";

    // Nulls (a missing field) count as greater than any value, as PostgreSQL's b-tree indexes order them.
    private static string Direction(bool descending) =>
        descending ? " DESC NULLS FIRST" : " ASC NULLS LAST";

    private static string Filters(
        IRecordDialect dialect,
        RecordQuery query,
        SqlParameters parameters
    )
    {
        if (query.Filters.Count == 0)
            return "";
        var conditions = query.Filters.Select(filter => dialect.Condition(filter, parameters));
        return $" AND ({string.Join(query.MatchAny ? " OR " : " AND ", conditions)})";
    }
}

namespace Makini.Flows.Server.Records;

/// <summary>How a filter compares: <c>filter[field]</c>, <c>filter[field:contains]</c>, <c>filter[field:gt]</c>...</summary>
public enum FilterOperator
{
    Equals,
    Contains,
    StartsWith,
    GreaterThan,
    GreaterOrEqual,
    LessThan,
    LessOrEqual,
}

/// <summary>
/// A field of a unified record as a query names it: a top-level field (<c>statusKey</c>), or a field inside an
/// object field (<c>address.city</c>, compared as text). <see cref="Column"/> names the table column a field is
/// copied into (<c>key</c>, <c>status_key</c>, <c>updated_at</c>), which the query uses instead of the JSON.
/// </summary>
public sealed record RecordField(
    string Name,
    IReadOnlyList<string> Path,
    string Type,
    string? Column
)
{
    public const string Text = "text";
    public bool IsNested => Path.Count > 1;
}

/// <summary>One <c>filter[...]</c> parameter, its value checked against the field's type.</summary>
public sealed record RecordFilter(
    RecordField Field,
    FilterOperator Operator,
    string Value,
    string Parameter
)
{
    /// <summary>The value as a number, for number and integer fields.</summary>
    public decimal Number { get; init; }

    /// <summary>The value as a UTC instant, for datetime fields; with <see cref="WholeDay"/> a date without a time.</summary>
    public DateTime Instant { get; init; }
    public bool WholeDay { get; init; }
    public bool Boolean { get; init; }
}

public sealed record RecordSort(RecordField Field, bool Descending);

/// <summary>A list request: its filters (all must hold, or any with <c>filterMatch=any</c>), order and page.</summary>
public sealed record RecordQuery(
    IReadOnlyList<RecordFilter> Filters,
    bool MatchAny,
    IReadOnlyList<RecordSort> Sorts,
    int Page,
    int PerPage
)
{
    public int Offset => (Page - 1) * PerPage;
}

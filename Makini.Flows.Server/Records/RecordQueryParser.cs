using System.Globalization;
using System.Text.RegularExpressions;
using Makini.Flows.Connectors.Unified;

namespace Makini.Flows.Server.Records;

/// <summary>A query parameter that is not valid, named as the caller wrote it.</summary>
public sealed record QueryProblem(string Parameter, string Message);

/// <summary>
/// Reads Makini's list query: <c>filter[field]=v</c>, <c>filter[field:contains|startsWith|gt|gteq|lt|lted]=v</c>,
/// <c>filterMatch=any|all</c>, <c>sort[field]=1</c> (descending) or <c>0</c> (ascending), <c>page</c>,
/// <c>per_page</c>. Values are checked against the field's type: numbers and dates compare as such. Parameters of
/// other names are ignored, as Makini does.
/// </summary>
public static partial class RecordQueryParser
{
    public const int DefaultPerPage = 25;
    public const int MaxPerPage = 100;

    public static RecordQuery? Parse(
        IEnumerable<KeyValuePair<string, string>> parameters,
        UnifiedEntity entity,
        out QueryProblem? problem
    ) => Parse(parameters, entity, null, out problem);

    /// <summary>The same, where the connection's custom fields (name to type) can be filtered and sorted on.</summary>
    public static RecordQuery? Parse(
        IEnumerable<KeyValuePair<string, string>> parameters,
        UnifiedEntity entity,
        IReadOnlyDictionary<string, string>? customFields,
        out QueryProblem? problem
    ) =>
        Parse(
            parameters,
            name => RecordFields.Resolve(entity, name, customFields, out var why) ?? Fail(why!),
            out problem
        );

    /// <summary>The same syntax over another set of fields (the statuses list).</summary>
    public static RecordQuery? Parse(
        IEnumerable<KeyValuePair<string, string>> parameters,
        Func<string, RecordField> resolve,
        out QueryProblem? problem
    )
    {
        problem = null;
        var filters = new List<RecordFilter>();
        var sorts = new List<RecordSort>();
        var matchAny = false;
        var page = 1;
        var perPage = DefaultPerPage;
        try
        {
            foreach (var (name, value) in parameters)
            {
                if (name == "page")
                    page = Whole(name, value, 1, int.MaxValue, "a whole number from 1");
                else if (name == "per_page")
                    perPage = Whole(
                        name,
                        value,
                        1,
                        MaxPerPage,
                        $"a whole number from 1 to {MaxPerPage}"
                    );
                else if (name == "filterMatch")
                    matchAny = value switch
                    {
                        "any" => true,
                        "all" => false,
                        _ => throw new InvalidParameter(name, "filterMatch must be 'any' or 'all'"),
                    };
                else if (name.StartsWith("filter", StringComparison.Ordinal))
                    filters.Add(Filter(name, value, resolve));
                else if (name.StartsWith("sort", StringComparison.Ordinal))
                    sorts.Add(Sort(name, value, resolve));
            }
        }
        catch (InvalidParameter invalid)
        {
            problem = new QueryProblem(invalid.Parameter, invalid.Message);
            return null;
        }
        if ((long)(page - 1) * perPage > int.MaxValue)
        {
            problem = new QueryProblem("page", "page is beyond any list");
            return null;
        }
        return new RecordQuery(filters, matchAny, sorts, page, perPage);
    }

    private static RecordFilter Filter(string name, string value, Func<string, RecordField> resolve)
    {
        var match = FilterName().Match(name);
        if (!match.Success)
            throw new InvalidParameter(
                name,
                $"'{name}' is not a filter: write filter[field]=value or filter[field:operator]=value"
            );
        var field = Field(name, match.Groups["field"].Value, resolve);
        var op = match.Groups["op"].Success
            ? Operator(name, match.Groups["op"].Value)
            : FilterOperator.Equals;
        Allow(name, field, op);
        var filter = new RecordFilter(field, op, value, name);
        if (op is FilterOperator.Contains or FilterOperator.StartsWith)
            return filter;
        return field.Type switch
        {
            "number" or "integer" => filter with { Number = Number(name, value) },
            "datetime" => Instant(name, value, filter),
            "boolean" => filter with { Boolean = Boolean(name, value) },
            _ => filter,
        };
    }

    private static RecordSort Sort(string name, string value, Func<string, RecordField> resolve)
    {
        var match = SortName().Match(name);
        if (!match.Success)
            throw new InvalidParameter(
                name,
                $"'{name}' is not a sort: write sort[field]=1 (descending) or 0 (ascending)"
            );
        var field = Field(name, match.Groups["field"].Value, resolve);
        if (field.Type is "array" or "object")
            throw new InvalidParameter(
                name,
                $"'{field.Name}' is an {field.Type}: it cannot be sorted on"
            );
        return value switch
        {
            "1" => new RecordSort(field, true),
            "0" => new RecordSort(field, false),
            _ => throw new InvalidParameter(
                name,
                $"{name} must be 1 (descending) or 0 (ascending)"
            ),
        };
    }

    private static RecordField Field(
        string parameter,
        string name,
        Func<string, RecordField> resolve
    )
    {
        try
        {
            return resolve(name);
        }
        catch (UnknownField unknown)
        {
            throw new InvalidParameter(parameter, unknown.Message);
        }
    }

    private static FilterOperator Operator(string parameter, string op) =>
        op switch
        {
            "contains" => FilterOperator.Contains,
            "startsWith" => FilterOperator.StartsWith,
            "gt" => FilterOperator.GreaterThan,
            "gteq" => FilterOperator.GreaterOrEqual,
            "lt" => FilterOperator.LessThan,
            "lted" or "lteq" => FilterOperator.LessOrEqual,
            _ => throw new InvalidParameter(
                parameter,
                $"'{op}' is not a filter operator: use contains, startsWith, gt, gteq, lt or lted"
            ),
        };

    /// <summary>Which operators a field's type takes: text matching on text and dates, order on all but lists.</summary>
    private static void Allow(string parameter, RecordField field, FilterOperator op)
    {
        var allowed = (field.Type, op) switch
        {
            ("object", _) => false,
            ("array" or "boolean", not FilterOperator.Equals) => false,
            ("number" or "integer", FilterOperator.Contains or FilterOperator.StartsWith) => false,
            _ => true,
        };
        if (allowed)
            return;
        throw new InvalidParameter(
            parameter,
            field.Type == "object"
                ? $"'{field.Name}' is an object: filter one of its fields, as {field.Name}.<field>"
                : $"'{field.Name}' is a {field.Type}: it takes {(field.Type is "number" or "integer" ? "equality and gt, gteq, lt, lted" : "equality only")}"
        );
    }

    private static int Whole(string parameter, string value, int min, int max, string expected) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
        && number >= min
        && number <= max
            ? number
            : throw new InvalidParameter(parameter, $"{parameter} must be {expected}");

    private static decimal Number(string parameter, string value) =>
        decimal.TryParse(
            value,
            NumberStyles.AllowLeadingSign
                | NumberStyles.AllowDecimalPoint
                | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture,
            out var number
        )
            ? number
            : throw new InvalidParameter(parameter, $"{parameter} must be a number, as 12 or 3.5");

    private static bool Boolean(string parameter, string value) =>
        value switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw new InvalidParameter(parameter, $"{parameter} must be true or false"),
        };

    /// <summary>An ISO 8601 date or date and time; without a zone it is UTC. A date alone is that whole day for equality.</summary>
    private static RecordFilter Instant(string parameter, string value, RecordFilter filter)
    {
        if (
            DateOnly.TryParseExact(
                value,
                "yyyy-MM-dd",
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out var day
            )
        )
            return filter with
            {
                Instant = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
                WholeDay = true,
            };
        if (
            IsoDateTime().IsMatch(value)
            && DateTimeOffset.TryParse(
                value,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out var instant
            )
        )
            return filter with { Instant = instant.UtcDateTime };
        throw new InvalidParameter(
            parameter,
            $"{parameter} must be a date or a date and time (ISO 8601), as 2023-11-07 or 2023-11-07T08:30:00Z"
        );
    }

    private static RecordField Fail(string why) => throw new UnknownField(why);

    [GeneratedRegex(@"^filter\[(?<field>[^\]:]+)(:(?<op>[A-Za-z]+))?\]$")]
    private static partial Regex FilterName();

    [GeneratedRegex(@"^sort\[(?<field>[^\]]+)\]$")]
    private static partial Regex SortName();

    [GeneratedRegex(
        @"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:?\d{2})?$"
    )]
    private static partial Regex IsoDateTime();

    private sealed class InvalidParameter(string parameter, string message) : Exception(message)
    {
        public string Parameter { get; } = parameter;
    }

    /// <summary>Thrown by a field resolver for a name it does not know.</summary>
    public sealed class UnknownField(string message) : Exception(message);
}

using System.Data.Common;
using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;

namespace Makini.Flows.Server.Records;

/// <summary>
/// The records' JSON on PostgreSQL: equality on a field is JSON containment (<c>data @&gt; '{"f": v}'</c>), which the
/// GIN index on <c>data</c> serves; text matching is <c>ILIKE</c>; numbers compare as <c>numeric</c>, dates as
/// <c>timestamptz</c> (<c>makini_try_timestamptz</c>: a value that is not a date counts as missing); text orders
/// byte-wise (<c>COLLATE "C"</c>), as on SQLite.
/// </summary>
internal sealed class PostgresRecordDialect : IRecordDialect
{
    public string DataText => "data::text";

    public string Condition(RecordFilter filter, SqlParameters parameters)
    {
        var field = filter.Field;
        if (field.Column is { } column)
            return column == "updated_at"
                ? Dated(column, Text(field), filter, parameters)
                : Textual(column, filter, parameters);
        // Fields inside an object compare as text, except custom fields, which have a type of their own.
        if (field.IsNested && field.Type == RecordField.Text)
            return Textual(Text(field), filter, parameters);
        var name = field.Path;
        return field.Type switch
        {
            "string" when filter.Operator == FilterOperator.Equals => Contains(
                name,
                JsonValue.Create(filter.Value),
                parameters
            ),
            "number" or "integer" when filter.Operator == FilterOperator.Equals => Contains(
                name,
                JsonValue.Create(filter.Number),
                parameters
            ),
            "number" or "integer" =>
                $"{Numeric(field)} {RecordSql.Comparison(filter.Operator)} {parameters.Add(filter.Number)}",
            "boolean" => Contains(name, JsonValue.Create(filter.Boolean), parameters),
            "array" => Contains(name, new JsonArray(filter.Value), parameters),
            "datetime" => Dated(
                $"makini_try_timestamptz({Text(field)})",
                Text(field),
                filter,
                parameters
            ),
            _ => Textual(Text(field), filter, parameters),
        };
    }

    public string SortKey(RecordField field) =>
        field switch
        {
            { Column: "updated_at" } => "updated_at",
            { Column: { } column } => $"{column} COLLATE \"C\"",
            { IsNested: true, Type: RecordField.Text } => $"{Text(field)} COLLATE \"C\"",
            { Type: "number" or "integer" } => Numeric(field),
            { Type: "datetime" } => $"makini_try_timestamptz({Text(field)})",
            { Type: "boolean" } =>
                $"(CASE jsonb_typeof({Jsonb(field)}) WHEN 'boolean' THEN ({Text(field)})::boolean END)",
            _ => $"{Text(field)} COLLATE \"C\"",
        };

    public string FieldText(string alias, string field) => $"{alias}.data ->> '{field}'";

    public DbParameter Parameter(DbCommand command, string name, object value) =>
        value switch
        {
            JsonbValue json => new NpgsqlParameter(name, NpgsqlDbType.Jsonb) { Value = json.Json },
            UtcTime time => new NpgsqlParameter(name, NpgsqlDbType.TimestampTz)
            {
                Value = RecordTimes.Utc(time.Value),
            },
            string text => new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = text },
            decimal number => new NpgsqlParameter(name, NpgsqlDbType.Numeric) { Value = number },
            _ => new NpgsqlParameter(name, value),
        };

    private static string Text(RecordField field) =>
        field.IsNested
            ? $"data #>> '{{{string.Join(",", field.Path)}}}'"
            : $"data ->> '{field.Path[0]}'";

    private static string Jsonb(RecordField field) =>
        field.IsNested
            ? $"data #> '{{{string.Join(",", field.Path)}}}'"
            : $"data -> '{field.Path[0]}'";

    private static string Numeric(RecordField field) =>
        $"(CASE jsonb_typeof({Jsonb(field)}) WHEN 'number' THEN ({Text(field)})::numeric END)";

    /// <summary>
    /// <c>data @&gt; {"name": value}</c> (<c>{"a": {"b": value}}</c> for a nested field): the field equals the value
    /// (for a list: holds it); served by the GIN index.
    /// </summary>
    private static string Contains(
        IReadOnlyList<string> path,
        JsonNode value,
        SqlParameters parameters
    )
    {
        var node = value;
        for (var i = path.Count - 1; i >= 0; i--)
            node = new JsonObject { [path[i]] = node };
        return $"data @> {parameters.Add(new JsonbValue(node.ToJsonString()))}";
    }

    private static string Textual(string text, RecordFilter filter, SqlParameters parameters) =>
        filter.Operator switch
        {
            FilterOperator.Equals => $"{text} = {parameters.Add(filter.Value)}",
            FilterOperator.Contains =>
                $"{text} ILIKE {parameters.Add("%" + RecordSql.EscapeLike(filter.Value) + "%")}",
            FilterOperator.StartsWith =>
                $"{text} ILIKE {parameters.Add(RecordSql.EscapeLike(filter.Value) + "%")}",
            _ =>
                $"{text} COLLATE \"C\" {RecordSql.Comparison(filter.Operator)} {parameters.Add(filter.Value)}",
        };

    private static string Dated(
        string instant,
        string text,
        RecordFilter filter,
        SqlParameters parameters
    ) =>
        filter.Operator is FilterOperator.Contains or FilterOperator.StartsWith
            ? Textual(text, filter, parameters)
            : RecordSql.Dated(instant, filter, time => parameters.Add(new UtcTime(time)));
}

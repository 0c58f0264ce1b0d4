using System.Data.Common;

namespace Makini.Flows.Server.Records;

/// <summary>
/// The records' JSON on SQLite (TEXT read with <c>-&gt;&gt;</c>): numbers compare as numbers, dates through
/// <c>julianday</c> (a value that is not a date counts as missing), text byte-wise; <c>LIKE</c> ignores the case of
/// ASCII letters only (SQLite's own limit).
/// </summary>
internal sealed class SqliteRecordDialect : IRecordDialect
{
    public string DataText => "data";

    public string Condition(RecordFilter filter, SqlParameters parameters)
    {
        var field = filter.Field;
        if (field.Column is { } column)
            return column == "updated_at"
                ? Dated(column, Text(field), filter, parameters)
                : Textual(column, filter, parameters);
        // Fields inside an object compare as text, except custom fields, which have a type of their own.
        if (field.IsNested && field.Type == RecordField.Text)
            return Textual($"CAST({Text(field)} AS TEXT)", filter, parameters);
        var name = string.Join(".", field.Path);
        return field.Type switch
        {
            "number" or "integer" =>
                $"{Numeric(name)} {RecordSql.Comparison(filter.Operator)} {parameters.Add(filter.Number)}",
            "boolean" => $"json_type(data, '$.{name}') = '{(filter.Boolean ? "true" : "false")}'",
            "array" =>
                $"EXISTS (SELECT 1 FROM json_each(data, '$.{name}') WHERE value = {parameters.Add(filter.Value)})",
            "datetime" => Dated($"julianday({Text(field)})", Text(field), filter, parameters),
            _ => Textual(Text(field), filter, parameters),
        };
    }

    public string SortKey(RecordField field) =>
        field switch
        {
            { Column: { } column } => column,
            { IsNested: true, Type: RecordField.Text } => $"CAST({Text(field)} AS TEXT)",
            { Type: "number" or "integer" } => Numeric(string.Join(".", field.Path)),
            { Type: "datetime" } => $"julianday({Text(field)})",
            { Type: "boolean" } =>
                $"(CASE json_type(data, '$.{string.Join(".", field.Path)}') WHEN 'true' THEN 1 WHEN 'false' THEN 0 END)",
            _ => Text(field),
        };

    public string FieldText(string alias, string field) => $"{alias}.data ->> '$.{field}'";

    public DbParameter Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value switch
        {
            JsonbValue json => json.Json,
            UtcTime time => RecordTimes.SqliteText(time.Value),
            decimal number => (double)number,
            _ => value,
        };
        return parameter;
    }

    private static string Text(RecordField field) => $"data ->> '$.{string.Join(".", field.Path)}'";

    private static string Numeric(string name) =>
        $"(CASE WHEN json_type(data, '$.{name}') IN ('integer', 'real') THEN data ->> '$.{name}' END)";

    private static string Textual(string text, RecordFilter filter, SqlParameters parameters) =>
        filter.Operator switch
        {
            FilterOperator.Equals => $"{text} = {parameters.Add(filter.Value)}",
            FilterOperator.Contains =>
                $"{text} LIKE {parameters.Add("%" + RecordSql.EscapeLike(filter.Value) + "%")} ESCAPE '\\'",
            FilterOperator.StartsWith =>
                $"{text} LIKE {parameters.Add(RecordSql.EscapeLike(filter.Value) + "%")} ESCAPE '\\'",
            _ => $"{text} {RecordSql.Comparison(filter.Operator)} {parameters.Add(filter.Value)}",
        };

    private static string Dated(
        string instant,
        string text,
        RecordFilter filter,
        SqlParameters parameters
    ) =>
        filter.Operator is FilterOperator.Contains or FilterOperator.StartsWith
            ? Textual(text, filter, parameters)
            : RecordSql.Dated(
                instant,
                filter,
                time =>
                    instant.StartsWith("julianday", StringComparison.Ordinal)
                        ? $"julianday({parameters.Add(new UtcTime(time))})"
                        : parameters.Add(new UtcTime(time))
            );
}

using System.Data.Common;

namespace Makini.Flows.Server.Records;

/// <summary>
/// How one database reads the unified records' JSON: the SQL of a filter condition and of a sort key, and how a
/// value is passed. Field names reach SQL only through <see cref="RecordFields"/> (identifiers only); values are
/// always parameters.
/// </summary>
internal interface IRecordDialect
{
    /// <summary>The unified data as JSON text in a select list.</summary>
    string DataText { get; }

    string Condition(RecordFilter filter, SqlParameters parameters);

    /// <summary>The expression to order by (without direction).</summary>
    string SortKey(RecordField field);

    /// <summary>The text of a top-level field of the unified data of the rows named <paramref name="alias"/>.</summary>
    string FieldText(string alias, string field);

    DbParameter Parameter(DbCommand command, string name, object value);
}

using System.Data.Common;

namespace Makini.Flows.Server.Records;

/// <summary>The values of a statement being built: each gets a name (<c>@p0</c>...) to write into the SQL.</summary>
internal sealed class SqlParameters
{
    private readonly List<(string Name, object Value)> _values = [];

    /// <summary>Adds a value (a string, decimal, long, bool, or a <see cref="JsonbValue"/> / <see cref="UtcTime"/>).</summary>
    public string Add(object value)
    {
        var name = "p" + _values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _values.Add((name, value));
        return "@" + name;
    }

    public void AddTo(DbCommand command, IRecordDialect dialect)
    {
        foreach (var (name, value) in _values)
            command.Parameters.Add(dialect.Parameter(command, name, value));
    }
}

/// <summary>A parameter holding JSON (PostgreSQL: <c>jsonb</c>).</summary>
internal sealed record JsonbValue(string Json);

/// <summary>A parameter holding an instant (PostgreSQL: <c>timestamptz</c>; SQLite: EF Core's text form).</summary>
internal sealed record UtcTime(DateTime Value);

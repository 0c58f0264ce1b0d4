namespace Makini.Flows.Server.Infrastructure;

/// <summary>Configuration section <c>Database</c>: which provider, and where.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (the default, a file in the data folder) or <c>Postgres</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Connection string; for SQLite, empty means <c>DataFolder/makini.db</c>.</summary>
    public string? ConnectionString { get; set; }

    public string DataFolder { get; set; } = "data";
}

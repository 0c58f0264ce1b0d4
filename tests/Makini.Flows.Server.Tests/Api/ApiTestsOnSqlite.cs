namespace Makini.Flows.Server.Tests.Api;

/// <summary>The API suite on SQLite, the embedded default (a fresh database file per class).</summary>
public sealed class ApiTestsOnSqlite() : ApiTests(SqliteHost())
{
    private static ServerHost SqliteHost()
    {
        var file = Path.Combine(Path.GetTempPath(), $"makini-test-{Guid.NewGuid():N}.db");
        return new ServerHost("Sqlite", $"Data Source={file}");
    }
}

namespace Makini.Flows.Server.Tests.Api;

/// <summary>The API suite on SQLite, the embedded default (a fresh database file per class).</summary>
public sealed class ApiTestsOnSqlite() : ApiTests(ServerHost.OnSqlite());

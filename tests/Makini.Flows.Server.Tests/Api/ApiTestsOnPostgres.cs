using Makini.Flows.Tests.Shared;

namespace Makini.Flows.Server.Tests.Api;

/// <summary>The same API suite on a real PostgreSQL (a fresh database per class).</summary>
public sealed class ApiTestsOnPostgres(PostgresServer postgres)
    : ApiTests(ServerHost.OnPostgres(postgres));

using Makini.Flows.Server.Tests.Infrastructure;
using Makini.Flows.Tests.Shared;

namespace Makini.Flows.Server.Tests.Api;

/// <summary>The same API suite on a real PostgreSQL (a fresh database per class).</summary>
public sealed class ApiTestsOnPostgres(PostgresServer postgres) : ApiTests(PostgresHost(postgres))
{
    private static ServerHost PostgresHost(PostgresServer postgres) =>
        new(
            "Postgres",
            postgres
                .CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken)
                .GetAwaiter()
                .GetResult()
        );
}

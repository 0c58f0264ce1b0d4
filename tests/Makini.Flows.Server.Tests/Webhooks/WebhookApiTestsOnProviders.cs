using Makini.Flows.Server.Tests.Api;
using Makini.Flows.Tests.Shared;

namespace Makini.Flows.Server.Tests.Webhooks;

public sealed class WebhookApiTestsOnSqlite()
    : WebhookApiTests(
        new ServerHost(
            "Sqlite",
            $"Data Source={Path.Combine(Path.GetTempPath(), $"makini-test-{Guid.NewGuid():N}.db")}"
        )
    );

public sealed class WebhookApiTestsOnPostgres(PostgresServer postgres)
    : WebhookApiTests(
        new ServerHost(
            "Postgres",
            postgres
                .CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken)
                .GetAwaiter()
                .GetResult()
        )
    );

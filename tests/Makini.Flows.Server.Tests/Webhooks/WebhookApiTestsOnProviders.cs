using Makini.Flows.Server.Tests.Api;
using Makini.Flows.Tests.Shared;

namespace Makini.Flows.Server.Tests.Webhooks;

public sealed class WebhookApiTestsOnSqlite() : WebhookApiTests(ServerHost.OnSqlite());

public sealed class WebhookApiTestsOnPostgres(PostgresServer postgres)
    : WebhookApiTests(ServerHost.OnPostgres(postgres));

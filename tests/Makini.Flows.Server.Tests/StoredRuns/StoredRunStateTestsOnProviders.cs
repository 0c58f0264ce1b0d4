using Makini.Flows.Server.Tests.Api;
using Makini.Flows.Tests.Shared;

namespace Makini.Flows.Server.Tests.StoredRuns;

public sealed class StoredRunStateTestsOnSqlite() : StoredRunStateTests(ServerHost.OnSqlite());

public sealed class StoredRunStateTestsOnPostgres(PostgresServer postgres)
    : StoredRunStateTests(ServerHost.OnPostgres(postgres));

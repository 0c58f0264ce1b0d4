using Makini.Flows.Tests.Shared;

[assembly: AssemblyFixture(typeof(PostgresServer))]

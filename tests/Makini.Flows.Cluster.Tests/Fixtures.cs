using Makini.Flows.Tests.Shared;

[assembly: AssemblyFixture(typeof(PostgresServer))]

namespace Makini.Flows.Cluster.Tests
{
    /// <summary>
    /// Every cluster test is in this one collection, so they run one at a time: each loads two server processes
    /// and PostgreSQL, and one test's load must not decide another's timing (a schedule's fires, a lease's expiry).
    /// </summary>
    [CollectionDefinition(Name)]
    public sealed class OneAtATime
    {
        public const string Name = "cluster, one test at a time";
    }
}

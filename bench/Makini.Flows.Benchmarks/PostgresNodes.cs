using Makini.Flows.Tests.Shared;

namespace Makini.Flows.Benchmarks;

/// <summary>Server processes sharing one PostgreSQL database (a cluster of nodes), stopped together.</summary>
internal sealed class PostgresNodes : IAsyncDisposable
{
    public List<ServerProcess> Servers { get; } = [];

    /// <param name="settings">Settings for every node, on top of the database and quiet logging.</param>
    public static async Task<PostgresNodes> StartAsync(
        string database,
        int count,
        Dictionary<string, string>? settings = null
    )
    {
        var nodes = new PostgresNodes();
        try
        {
            foreach (var _ in Enumerable.Range(0, count))
                nodes.Servers.Add(
                    await ServerProcess.StartAsync(
                        ServerProcess.FreePort(),
                        new(settings ?? [])
                        {
                            ["Database__Provider"] = "Postgres",
                            ["Database__ConnectionString"] = database,
                            ["Logging__LogLevel__Default"] = "Warning",
                        },
                        CancellationToken.None
                    )
                );
            return nodes;
        }
        catch
        {
            await nodes.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in Servers)
            await server.DisposeAsync();
    }
}

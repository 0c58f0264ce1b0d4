using Makini.Flows.Tests.Shared;

namespace Makini.Flows.Cluster.Tests;

/// <summary>Server processes sharing one PostgreSQL database, each on its own loopback port.</summary>
public sealed class Cluster : IAsyncDisposable
{
    private readonly Dictionary<string, string> _settings;

    private Cluster(string connectionString, Dictionary<string, string> extraSettings)
    {
        ConnectionString = connectionString;
        _settings = new Dictionary<string, string>(extraSettings)
        {
            ["Database__Provider"] = "Postgres",
            ["Database__ConnectionString"] = connectionString,
        };
    }

    public string ConnectionString { get; }
    public List<ServerProcess> Nodes { get; } = [];

    public static async Task<Cluster> StartAsync(
        string connectionString,
        int nodes,
        Dictionary<string, string> settings,
        CancellationToken ct
    )
    {
        var cluster = new Cluster(connectionString, settings);
        await Task.WhenAll(
            Enumerable
                .Range(0, nodes)
                .Select(async _ =>
                {
                    var node = await ServerProcess.StartAsync(
                        ServerProcess.FreePort(),
                        cluster._settings,
                        ct
                    );
                    lock (cluster.Nodes)
                        cluster.Nodes.Add(node);
                })
        );
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
            await node.DisposeAsync();
    }
}

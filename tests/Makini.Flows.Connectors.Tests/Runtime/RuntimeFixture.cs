using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Connectors.Runtime;

namespace Makini.Flows.Connectors.Tests.Runtime;

/// <summary>A runtime with quick retries, and a client for a source's URL.</summary>
public static class RuntimeFixture
{
    public static ConnectorRuntime Runtime(ConnectorRuntimeOptions? options = null) =>
        new(
            new SocketsHttpHandler(),
            TimeProvider.System,
            options
                ?? new ConnectorRuntimeOptions
                {
                    FirstRetryDelay = TimeSpan.FromMilliseconds(20),
                    MaxRetryDelay = TimeSpan.FromSeconds(5),
                    RequestTimeout = TimeSpan.FromSeconds(10),
                }
        );

    public static ConnectorClient Client(
        this ConnectorRuntime runtime,
        ConnectorManifest manifest,
        string baseUrl,
        string connection = "con_1"
    ) =>
        runtime.Client(
            manifest,
            connection,
            new Dictionary<string, string>
            {
                ["instanceUrl"] = baseUrl,
                ["username"] = "ada",
                ["password"] = "s3cret",
            }
        );

    public static async Task<List<SourcePage>> ReadAll(
        this ConnectorClient client,
        ReadOptions? options = null
    )
    {
        var pages = new List<SourcePage>();
        await foreach (
            var page in client.ReadAsync(
                "work-orders",
                options ?? new ReadOptions(),
                TestContext.Current.CancellationToken
            )
        )
            pages.Add(page);
        return pages;
    }
}

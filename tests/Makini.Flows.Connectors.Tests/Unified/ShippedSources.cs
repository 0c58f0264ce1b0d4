using System.Text.Json;
using Makini.Flows.Connectors.Demo;
using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Connectors.Runtime;
using Makini.Flows.Connectors.Tests.Demo;
using Makini.Flows.Connectors.Tests.Manifests;
using Makini.Flows.Engine.Validation;
using Makini.Flows.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Makini.Flows.Connectors.Tests.Unified;

/// <summary>
/// Every shipped connector with the system it reads in tests: the vendors' fakes on loopback, the Demo CMMS in
/// process; each connected as a user would, with the connector runtime reading its streams.
/// </summary>
internal sealed class ShippedSources : IAsyncDisposable
{
    public static readonly string[] ConnectorIds =
    [
        "demo-cmms",
        "fiix",
        "limble",
        "maintainx",
        "maximo",
        "upkeep",
    ];

    private readonly ConnectorRuntime _runtime;
    private readonly FakeServer? _fake;
    private readonly FakeTimeProvider? _demoClock;

    private ShippedSources(
        ConnectorManifest manifest,
        FakeServer? fake,
        ConnectorRuntime runtime,
        Dictionary<string, string?> credentials,
        FakeTimeProvider? demoClock = null
    )
    {
        Manifest = manifest;
        _fake = fake;
        _demoClock = demoClock;
        _runtime = runtime;
        var problems = new List<FlowProblem>();
        var resolved =
            CredentialValues.Resolve(manifest, credentials, problems)
            ?? throw new InvalidOperationException(string.Join("\n", problems));
        Client = runtime.Client(manifest, "con_" + manifest.Id, resolved);
    }

    public ConnectorManifest Manifest { get; }
    public ConnectorClient Client { get; }

    public static async Task<ShippedSources> Connect(string connectorId)
    {
        var manifest =
            ConnectorCatalog.Load(RepositoryFolders.Connectors).Catalog.Find(connectorId)
            ?? throw new InvalidOperationException($"connectors/{connectorId}.json not found");
        if (connectorId == "demo-cmms")
        {
            var clock = new FakeTimeProvider(DemoApi.Start);
            var demo = new DemoCmms(clock);
            var inProcess = new ConnectorRuntime(
                new SocketsHttpHandler(),
                clock,
                new ConnectorRuntimeOptions
                {
                    InProcessHosts = new Dictionary<string, HttpMessageHandler>
                    {
                        [DemoCmms.Host] = demo.Handler,
                    },
                }
            );
            return new ShippedSources(
                manifest,
                null,
                inProcess,
                new()
                {
                    ["username"] = DemoCredentials.Username,
                    ["password"] = DemoCredentials.Password,
                },
                clock
            );
        }
        FakeServer fake = connectorId switch
        {
            "fiix" => new FiixFake(),
            "limble" => new LimbleFake(),
            "maintainx" => new MaintainXFake(),
            "maximo" => new MaximoFake(),
            "upkeep" => new UpKeepFake(),
            _ => throw new ArgumentException($"no fake for {connectorId}", nameof(connectorId)),
        };
        await fake.StartAsync();
        var runtime = new ConnectorRuntime(new SocketsHttpHandler(), TimeProvider.System);
        return new ShippedSources(manifest, fake, runtime, Credentials(fake));
    }

    /// <summary>
    /// Every record of a stream; from the Demo CMMS also what changed in the next three days, deleted records
    /// included (a full read leaves those out).
    /// </summary>
    public async Task<List<JsonElement>> ReadAll(string entity, CancellationToken cancel)
    {
        var records = await Read(entity, new ReadOptions(), cancel);
        if (_demoClock is not null)
        {
            var since = _demoClock.GetUtcNow();
            _demoClock.Advance(TimeSpan.FromDays(3));
            records.AddRange(await Read(entity, new ReadOptions { Since = since }, cancel));
        }
        return records;
    }

    private async Task<List<JsonElement>> Read(
        string entity,
        ReadOptions options,
        CancellationToken cancel
    )
    {
        var records = new List<JsonElement>();
        await foreach (var page in Client.ReadAsync(entity, options, cancel))
            records.AddRange(page.Records);
        return records;
    }

    public async ValueTask DisposeAsync()
    {
        _runtime.Dispose();
        if (_fake is not null)
            await _fake.DisposeAsync();
    }

    private static Dictionary<string, string?> Credentials(FakeServer fake) =>
        fake switch
        {
            FiixFake fiix => new()
            {
                ["instanceUrl"] = fiix.InstanceUrl,
                ["appKey"] = FiixFake.AppKey,
                ["accessKey"] = FiixFake.AccessKey,
                ["secretKey"] = FiixFake.SecretKey,
            },
            LimbleFake limble => new()
            {
                ["instanceUrl"] = limble.InstanceUrl,
                ["clientId"] = LimbleFake.ClientId,
                ["clientSecret"] = LimbleFake.ClientSecret,
            },
            MaintainXFake maintainX => new()
            {
                ["instanceUrl"] = maintainX.InstanceUrl,
                ["apiKey"] = MaintainXFake.ApiKey,
            },
            MaximoFake maximo => new()
            {
                ["instanceUrl"] = maximo.InstanceUrl,
                ["apiKey"] = MaximoFake.ApiKey,
            },
            UpKeepFake upKeep => new()
            {
                ["instanceUrl"] = upKeep.InstanceUrl,
                ["email"] = UpKeepFake.Email,
                ["password"] = upKeep.Password,
            },
            _ => throw new ArgumentException($"no credentials for {fake.GetType().Name}"),
        };
}

using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Connectors.Runtime;
using Makini.Flows.Engine.Validation;
using Makini.Flows.Tests.Fakes;

namespace Makini.Flows.Connectors.Tests.OpenApi;

/// <summary>
/// The manifest drafted from MaintainX's OpenAPI document, used as it is, against the fake that follows
/// MaintainX's API: the check passes and every stream the fake serves is read to its end.
/// </summary>
public sealed class DraftedMaintainXReadsTests : IAsyncLifetime
{
    private readonly MaintainXFake _fake = new();
    private readonly ConnectorRuntime _runtime = new(
        new SocketsHttpHandler(),
        TimeProvider.System,
        new ConnectorRuntimeOptions
        {
            FirstRetryDelay = TimeSpan.FromMilliseconds(50),
            MaxRetryDelay = TimeSpan.FromSeconds(5),
            RequestTimeout = TimeSpan.FromSeconds(10),
        }
    );

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _fake.StartAsync();

    public async ValueTask DisposeAsync()
    {
        _runtime.Dispose();
        await _fake.DisposeAsync();
    }

    private ConnectorClient Client(ConnectorManifest manifest)
    {
        var problems = new List<FlowProblem>();
        var credentials = CredentialValues.Resolve(
            manifest,
            new Dictionary<string, string?>
            {
                ["instanceUrl"] = _fake.InstanceUrl,
                ["apiKey"] = MaintainXFake.ApiKey,
            },
            problems
        );
        problems.ShouldBeEmpty(string.Join("\n", problems));
        return _runtime.Client(manifest, "con_drafted", credentials!);
    }

    private static async Task<List<SourcePage>> ReadAll(
        ConnectorClient client,
        string entity,
        ReadOptions? options = null
    )
    {
        var pages = new List<SourcePage>();
        await foreach (var page in client.ReadAsync(entity, options ?? new ReadOptions(), Cancel))
            pages.Add(page);
        return pages;
    }

    [Fact]
    public async Task The_draft_checks_and_reads_every_work_order_page_to_the_end()
    {
        var client = Client(MaintainXDraftTests.Manifest());

        await client.CheckAsync(Cancel);
        var pages = await ReadAll(client, "work-orders");

        pages.Count.ShouldBeGreaterThan(1);
        pages[^1].Next.ShouldBeNull();
        pages
            .SelectMany(p => p.Records)
            .Select(r => r.GetProperty("id").GetRawText())
            .ShouldBe(
                _fake.Records("work-orders").Select(r => r["id"]!.ToJsonString()),
                ignoreOrder: true
            );
        _fake.Requests.ShouldAllBe(
            r => r.Header("Authorization") == $"Bearer {MaintainXFake.ApiKey}" && r.Status == 200,
            string.Join("\n", _fake.Requests)
        );
    }

    [Fact]
    public async Task An_incremental_read_sends_updatedAt_gte_and_gets_only_what_changed()
    {
        var client = Client(MaintainXDraftTests.Manifest());
        var since = _fake.Now - TimeSpan.FromDays(30);

        var pages = await ReadAll(client, "work-orders", new ReadOptions { Since = since });

        var asked = FakeFormats.ParseIso(_fake.Requests[0].QueryValue("updatedAt[gte]"));
        asked.ShouldBe(since - TimeSpan.FromMinutes(5));
        pages
            .Sum(p => p.Records.Count)
            .ShouldBe(_fake.RecordsChangedSince("work-orders", asked!.Value).Count);
        pages.Sum(p => p.Records.Count).ShouldBeLessThan(_fake.Records("work-orders").Count);
    }

    [Fact]
    public async Task Every_drafted_stream_the_fake_serves_is_read_whole()
    {
        var manifest = MaintainXDraftTests.Manifest();
        var client = Client(manifest);
        var served = manifest.Streams.Where(s => _fake.Entities.Contains(s.Entity)).ToList();

        served.Count.ShouldBeGreaterThanOrEqualTo(9);
        foreach (var stream in served)
        {
            var pages = await ReadAll(client, stream.Entity);
            pages
                .Sum(p => p.Records.Count)
                .ShouldBe(_fake.Records(stream.Entity).Count, stream.Entity);
        }
    }
}

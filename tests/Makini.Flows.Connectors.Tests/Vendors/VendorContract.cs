using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Connectors.Runtime;
using Makini.Flows.Connectors.Tests.Manifests;
using Makini.Flows.Engine.Validation;
using Makini.Flows.Tests.Fakes;

namespace Makini.Flows.Connectors.Tests.Vendors;

/// <summary>
/// What every shipped vendor connector must do against its vendor's fake: prove credentials, read every page of
/// every stream to the end, read only what changed, wait as long as a 429 asks, and tell refused credentials from an
/// unreachable system. Each vendor's test class adds what is particular to it.
/// </summary>
public abstract class VendorContract<TFake> : IAsyncLifetime
    where TFake : FakeServer
{
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

    protected VendorContract()
    {
        Fake = CreateFake();
        Manifest = LoadManifest(ConnectorId);
    }

    protected TFake Fake { get; }
    protected ConnectorManifest Manifest { get; }

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A moment inside the fake's history: incremental reads since it return a strict subset.</summary>
    protected DateTimeOffset Since =>
        Fake.Now - TimeSpan.FromDays(30) + TimeSpan.FromMilliseconds(500);

    protected abstract string ConnectorId { get; }

    protected abstract TFake CreateFake();

    /// <summary>The connect form as a user would fill it in for the fake.</summary>
    protected abstract Dictionary<string, string?> RightCredentials();

    /// <summary>The same form with a wrong secret.</summary>
    protected abstract Dictionary<string, string?> WrongCredentials();

    /// <summary>The modification time a page request asked from (null when it asked for none).</summary>
    protected abstract DateTimeOffset? SentSince(RecordedRequest request);

    /// <summary>Whether the vendor's lists can be filtered by modification time.</summary>
    protected virtual bool ReadsIncrementally => true;

    /// <summary>Whether a logged request read records (not a login).</summary>
    protected virtual bool IsRead(RecordedRequest request) => true;

    /// <summary>How the vendor answers a request whose credentials were revoked.</summary>
    protected abstract string RevokedAnswer { get; }

    /// <summary>Makes the credentials that work now stop working for good (a revoked key, a changed password).</summary>
    protected virtual void RevokeCredentials() => Fake.FailNext(401, body: RevokedAnswer);

    /// <summary>The status of the answer that finally refuses revoked credentials.</summary>
    protected virtual int RevokedStatus => 401;

    public async ValueTask InitializeAsync() => await Fake.StartAsync();

    public async ValueTask DisposeAsync()
    {
        _runtime.Dispose();
        await Fake.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected ConnectorClient Client(Dictionary<string, string?>? credentials = null) =>
        Client(Manifest, credentials);

    protected ConnectorClient Client(
        ConnectorManifest manifest,
        Dictionary<string, string?>? credentials = null
    )
    {
        var problems = new List<FlowProblem>();
        var resolved =
            CredentialValues.Resolve(manifest, credentials ?? RightCredentials(), problems)
            ?? throw new InvalidOperationException(string.Join("\n", problems));
        return _runtime.Client(manifest, "con_" + ConnectorId, resolved);
    }

    /// <summary>The shipped manifest with a change, read through the real reader.</summary>
    protected ConnectorManifest ManifestWith(Action<JsonObject> change)
    {
        var json = JsonNode.Parse(File.ReadAllText(ManifestPath(ConnectorId)))!.AsObject();
        change(json);
        var problems = new List<FlowProblem>();
        return ManifestReader.Read(json.ToJsonString(), problems)
            ?? throw new InvalidOperationException(string.Join("\n", problems));
    }

    protected async Task<List<SourcePage>> ReadAll(
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

    protected static string? Key(JsonElement record, string pointer) =>
        JsonPointers.Text(record, pointer);

    protected static string? Key(JsonNode record, string pointer) =>
        JsonPointers.Text(JsonSerializer.SerializeToElement(record), pointer);

    [Fact]
    public async Task The_check_passes_with_the_right_credentials()
    {
        await Client().CheckAsync(Cancel);

        Fake.Requests.ShouldNotBeEmpty();
        Fake.Requests.ShouldAllBe(r => r.Status < 300, string.Join("\n", Fake.Requests));
    }

    [Fact]
    public async Task The_check_fails_with_AuthenticationFailed_with_a_wrong_secret()
    {
        var refused = await Should.ThrowAsync<ConnectorException>(() =>
            Client(WrongCredentials()).CheckAsync(Cancel)
        );

        refused.Code.ShouldBe(ConnectorErrorCode.AuthenticationFailed, refused.Message);
        refused.SourceMessage.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void The_manifest_has_a_stream_for_each_entity_the_fake_holds()
    {
        Manifest
            .Streams.Select(s => s.Entity)
            .Order()
            .ShouldBe(Fake.Entities.Order(), "streams and the vendor's data sets differ");
    }

    [Fact]
    public async Task Every_page_of_every_stream_is_read_to_the_end_without_duplicates()
    {
        var client = Client();
        foreach (var stream in Manifest.Streams)
        {
            var pages = await ReadAll(client, stream.Entity);

            var keys = pages
                .SelectMany(p => p.Records)
                .Select(r => Key(r, stream.PrimaryKey))
                .ToList();
            var expected = Fake.Records(stream.Entity)
                .Select(r => Key(r, stream.PrimaryKey))
                .ToList();
            keys.ShouldAllBe(
                k => k != null,
                $"{stream.Entity}: a record without {stream.PrimaryKey}"
            );
            keys.Distinct().Count().ShouldBe(keys.Count, $"{stream.Entity}: duplicates");
            keys.Order().ShouldBe(expected.Order(), $"{stream.Entity}: not the fake's records");
            pages[^1].Next.ShouldBeNull();
            if (expected.Count > PageSize(stream))
                pages.Count.ShouldBeGreaterThan(1, $"{stream.Entity} should take several pages");
        }
    }

    [Fact]
    public async Task Each_mapped_field_is_found_in_the_records_the_vendor_answers()
    {
        var client = Client();
        foreach (var stream in Manifest.Streams)
        {
            var records = (await ReadAll(client, stream.Entity))
                .SelectMany(p => p.Records)
                .ToList();
            foreach (var (field, rule) in stream.Mapping)
            {
                var path = rule is JsonValue ? rule.GetValue<string>() : (string?)rule["path"];
                if (path is null)
                    continue;
                records
                    .Any(r => JsonPointers.Find(r, path) is { ValueKind: not JsonValueKind.Null })
                    .ShouldBeTrue($"{stream.Entity}.{field}: no record has {path}");
            }
        }
    }

    [Fact]
    public async Task An_incremental_read_sends_the_modification_time_and_gets_only_what_changed()
    {
        var incremental = Manifest.Streams.Where(s => s.Incremental is not null).ToList();
        if (!ReadsIncrementally)
        {
            incremental.ShouldBeEmpty("the vendor has no modification-time filter");
            return;
        }
        incremental.ShouldNotBeEmpty();
        var client = Client();
        foreach (var stream in incremental)
        {
            Fake.ClearRequests();
            var pages = await ReadAll(client, stream.Entity, new ReadOptions { Since = Since });

            var lookBack =
                ManifestReader.ParseDuration(stream.Incremental!.LookBack) ?? TimeSpan.Zero;
            var reads = Fake.Requests.Where(IsRead).ToList();
            reads.ShouldNotBeEmpty();
            var sent = reads
                .Select(r =>
                    SentSince(r).ShouldNotBeNull($"{stream.Entity}: {r} asked for everything")
                )
                .ToList();
            sent.ShouldAllBe(s => s == sent[0]);
            sent[0].ShouldBe(Since - lookBack, TimeSpan.FromSeconds(1));
            var keys = pages
                .SelectMany(p => p.Records)
                .Select(r => Key(r, stream.PrimaryKey))
                .Order()
                .ToList();
            var expected = Fake.RecordsChangedSince(stream.Entity, sent[0])
                .Select(r => Key(r, stream.PrimaryKey))
                .Order()
                .ToList();
            keys.ShouldBe(expected, $"{stream.Entity}: not the records changed since {sent[0]:O}");
            keys.Count.ShouldBeGreaterThan(0);
            keys.Count.ShouldBeLessThan(
                Fake.Records(stream.Entity).Count,
                $"{stream.Entity}: an incremental read returned everything"
            );
        }
    }

    [Fact]
    public async Task A_stream_without_a_modification_filter_reads_everything_even_when_asked_since()
    {
        var full = Manifest.Streams.FirstOrDefault(s => s.Incremental is null);
        if (full is null)
            return;

        var pages = await ReadAll(Client(), full.Entity, new ReadOptions { Since = Since });

        pages.Sum(p => p.Records.Count).ShouldBe(Fake.Records(full.Entity).Count);
        Fake.Requests.Where(IsRead).ShouldAllBe(r => SentSince(r) == null);
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_no_earlier_than_it_asks()
    {
        Fake.FailNext(
            429,
            new Dictionary<string, string> { ["Retry-After"] = "1" },
            """{"error":"Too many requests"}"""
        );

        await Client().CheckAsync(Cancel);

        var requests = Fake.Requests;
        var refused = requests.Single(r => r.Status == 429);
        var retry = requests.First(r => r.ArrivedAt > refused.ArrivedAt);
        (retry.ArrivedAt - refused.ArrivedAt).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
        retry.Status.ShouldBeLessThan(300);
    }

    [Fact]
    public async Task A_401_that_cannot_be_renewed_gives_AuthenticationFailed()
    {
        var client = Client();
        await client.CheckAsync(Cancel);
        RevokeCredentials();

        var refused = await Should.ThrowAsync<ConnectorException>(() =>
            ReadAll(client, Manifest.Streams[0].Entity)
        );

        refused.Code.ShouldBe(ConnectorErrorCode.AuthenticationFailed, refused.Message);
        refused.HttpStatus.ShouldBe(RevokedStatus);
    }

    [Fact]
    public async Task A_stopped_system_gives_ConnectionFailed_and_the_check_passes_again_once_it_is_back()
    {
        var client = Client();
        await client.CheckAsync(Cancel);
        var port = Fake.Origin;

        await Fake.StopAsync();
        var unreachable = await Should.ThrowAsync<ConnectorException>(() =>
            client.CheckAsync(Cancel)
        );
        await Fake.StartAsync();

        unreachable.Code.ShouldBe(ConnectorErrorCode.ConnectionFailed, unreachable.Message);
        Fake.Origin.ShouldBe(port);
        await client.CheckAsync(Cancel);
    }

    private static int PageSize(StreamSpec stream) =>
        stream.Pagination switch
        {
            OffsetPagination offset => offset.Limit,
            PageNumberPagination numbered => numbered.Size,
            _ => int.Parse(
                stream.Request.Query.GetValueOrDefault("limit")
                    ?? stream.Request.Query.GetValueOrDefault("oslc.pageSize")
                    ?? int.MaxValue.ToString()
            ),
        };

    private static string ManifestPath(string id) =>
        Path.Combine(RepositoryFolders.Connectors, id + ".json");

    private static ConnectorManifest LoadManifest(string id)
    {
        var problems = new List<FlowProblem>();
        return ManifestReader.Read(File.ReadAllText(ManifestPath(id)), problems)
            ?? throw new InvalidOperationException(string.Join("\n", problems));
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Demo;
using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Connectors.Runtime;
using Makini.Flows.Connectors.Tests.Manifests;
using Makini.Flows.Engine.Validation;
using Microsoft.Extensions.Time.Testing;

namespace Makini.Flows.Connectors.Tests.Demo;

/// <summary>connectors/demo-cmms.json read through the connector runtime, the demo answered in process.</summary>
public sealed class DemoCmmsRuntimeTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(DemoApi.Start);
    private readonly DemoCmms _demo;
    private readonly ConnectorRuntime _runtime;
    private readonly ConnectorManifest _manifest;
    private readonly AnswerLog _answers;

    public DemoCmmsRuntimeTests()
    {
        _demo = new DemoCmms(_clock);
        _runtime = new ConnectorRuntime(
            new SocketsHttpHandler(),
            _clock,
            new ConnectorRuntimeOptions
            {
                InProcessHosts = new Dictionary<string, HttpMessageHandler>
                {
                    [DemoCmms.Host] = _answers = new AnswerLog(_demo.Handler),
                },
            }
        );
        _manifest = ConnectorCatalog.Load(RepositoryFolders.Connectors).Catalog.Find("demo-cmms")!;
        _manifest.ShouldNotBeNull();
    }

    [Fact]
    public async Task The_sample_credentials_pass_the_check_with_the_form_defaults()
    {
        await Client(DemoCredentials.Password).CheckAsync(DemoApi.Cancel);
    }

    [Fact]
    public async Task A_wrong_password_fails_the_check_as_authentication_failed()
    {
        var failure = await Should.ThrowAsync<ConnectorException>(() =>
            Client("not-the-password").CheckAsync(DemoApi.Cancel)
        );

        failure.Code.ShouldBe(ConnectorErrorCode.AuthenticationFailed);
        failure.HttpStatus.ShouldBe(401);
    }

    [Fact]
    public async Task Every_stream_reads_to_its_end_with_each_record_once()
    {
        var client = Client(DemoCredentials.Password);

        foreach (var stream in _manifest.Streams)
        {
            var records = await ReadAll(client, stream.Entity, new ReadOptions());

            var ids = records.Select(r => r.GetProperty("id").GetString()!).ToList();
            ids.ShouldBeUnique(stream.Entity);
            var listed = _demo.Data.List(
                stream.Request.Path.TrimStart('/'),
                _clock.GetUtcNow(),
                1,
                1,
                null
            );
            ids.Count.ShouldBe(listed.Total, stream.Entity);
        }
    }

    [Fact]
    public async Task Each_mapped_field_is_found_in_the_records_the_demo_answers()
    {
        var client = Client(DemoCredentials.Password);
        foreach (var stream in _manifest.Streams)
        {
            var records = await ReadAll(client, stream.Entity, new ReadOptions());
            foreach (var (field, rule) in stream.Mapping)
            {
                var path = rule is JsonValue ? rule.GetValue<string>() : (string)rule["path"]!;
                records
                    .Any(r => Found(r, path, path == stream.Deleted))
                    .ShouldBeTrue($"{stream.Entity}.{field}: no record has {path}");
            }
        }
    }

    [Fact]
    public async Task An_incremental_read_after_time_passes_gets_the_changes_only_with_deleted_records()
    {
        var client = Client(DemoCredentials.Password);
        var before = (await ReadAll(client, "work-orders", new ReadOptions())).ToDictionary(Id);
        var watermark = _clock.GetUtcNow();

        _clock.Advance(TimeSpan.FromHours(36));
        var changes = await ReadAll(client, "work-orders", new ReadOptions { Since = watermark });

        changes.ShouldNotBeEmpty();
        var lookBack = watermark - TimeSpan.FromMinutes(2);
        changes.ShouldAllBe(r => r.GetProperty("updatedAt").GetDateTimeOffset() >= lookBack);
        changes.ShouldContain(r => !before.ContainsKey(Id(r)), "new work orders are raised");
        changes.ShouldContain(
            r => before.ContainsKey(Id(r)) && Status(before[Id(r)]) != Status(r),
            "existing work orders progress"
        );
        changes.ShouldContain(r => r.GetProperty("deletedAt").ValueKind == JsonValueKind.String);
        var full = await ReadAll(client, "work-orders", new ReadOptions());
        changes.Count.ShouldBeLessThan(full.Count / 10);
    }

    [Fact]
    public async Task Reading_after_the_token_expired_logs_in_again()
    {
        var client = Client(DemoCredentials.Password);
        (await ReadAll(client, "sites", new ReadOptions())).Count.ShouldBe(4);

        _clock.Advance(TimeSpan.FromHours(2));

        (await ReadAll(client, "sites", new ReadOptions())).Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_token_the_demo_has_forgotten_is_renewed_after_its_401()
    {
        var client = Client(DemoCredentials.Password);
        await client.CheckAsync(DemoApi.Cancel);
        using var others = new HttpClient(_demo.Handler, disposeHandler: false);
        for (var i = 0; i < 10_001; i++)
            (
                await others.PostAsync(
                    $"{DemoCmms.BaseUrl}/auth/login",
                    JsonContent.Create(
                        new
                        {
                            username = DemoCredentials.Username,
                            password = DemoCredentials.Password,
                        }
                    ),
                    DemoApi.Cancel
                )
            ).Dispose();

        _answers.Clear();

        (await ReadAll(client, "vendors", new ReadOptions())).Count.ShouldBe(30);
        _answers.Lines.ShouldBe([
            "GET /api/v1/vendors 401",
            "POST /api/v1/auth/login 200",
            "GET /api/v1/vendors 200",
        ]);
    }

    private ConnectorClient Client(string password)
    {
        var problems = new List<FlowProblem>();
        var credentials = CredentialValues.Resolve(
            _manifest,
            new Dictionary<string, string?>
            {
                ["username"] = DemoCredentials.Username,
                ["password"] = password,
            },
            problems
        );
        problems.ShouldBeEmpty();
        return _runtime.Client(_manifest, $"con_demo_{password}", credentials!);
    }

    private static async Task<List<JsonElement>> ReadAll(
        ConnectorClient client,
        string entity,
        ReadOptions options
    )
    {
        var records = new List<JsonElement>();
        await foreach (var page in client.ReadAsync(entity, options, DemoApi.Cancel))
            records.AddRange(page.Records);
        return records;
    }

    /// <summary>Whether a record has a value at the pointer (null counts for the deleted marker).</summary>
    private static bool Found(JsonElement record, string pointer, bool nullIsEnough) =>
        JsonPointers.Find(record, pointer) is { } value
        && (nullIsEnough || value.ValueKind != JsonValueKind.Null);

    private static string Id(JsonElement record) => record.GetProperty("id").GetString()!;

    private static string Status(JsonElement record) => record.GetProperty("status").GetString()!;

    public void Dispose() => _runtime.Dispose();

    /// <summary>What the runtime asked the demo, and the status of each answer.</summary>
    private sealed class AnswerLog(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                    return [.. _lines];
            }
        }

        public void Clear()
        {
            lock (_lines)
                _lines.Clear();
        }

        protected override async Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            var response = await base.SendAsync(request, cancellationToken);
            lock (_lines)
                _lines.Add(
                    $"{request.Method} {request.RequestUri!.AbsolutePath} {(int)response.StatusCode}"
                );
            return response;
        }
    }
}

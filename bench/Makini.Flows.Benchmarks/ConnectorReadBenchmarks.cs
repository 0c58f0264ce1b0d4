using System.Net;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Connectors.Runtime;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// Reading 10,000 MaintainX-shaped work orders in cursor pages of 100 from an in-process source (no sockets, so the
/// figure is the client's own cost): the connector runtime driven by connectors/maintainx.json, against the loop a
/// performance-minded engineer would hand-write for this one API (HttpClient, JsonDocument, clone the records,
/// follow nextCursor). Figures per record.
/// </summary>
[MemoryDiagnoser, MedianColumn, MinColumn]
public class ConnectorReadBenchmarks
{
    private const int Pages = 100;
    private const int PerPage = 100;
    private ConnectorRuntime _runtime = null!;
    private ConnectorClient _client = null!;
    private HttpClient _handWritten = null!;

    [GlobalSetup]
    public void Setup()
    {
        var source = new PagedSource(Pages, PerPage);
        var problems = new List<FlowProblem>();
        var manifest =
            ManifestReader.Read(
                File.ReadAllText(Path.Combine(RepositoryRoot(), "connectors", "maintainx.json")),
                problems
            ) ?? throw new InvalidOperationException(string.Join("\n", problems));
        _runtime = new ConnectorRuntime(
            new SocketsHttpHandler(),
            TimeProvider.System,
            new ConnectorRuntimeOptions
            {
                InProcessHosts = new Dictionary<string, HttpMessageHandler>
                {
                    ["source.internal"] = source,
                },
            }
        );
        _client = _runtime.Client(
            manifest with
            {
                RateLimit = null,
            },
            "con_bench",
            new Dictionary<string, string>
            {
                ["instanceUrl"] = "http://source.internal/v1",
                ["apiKey"] = "key",
            }
        );
        _handWritten = new HttpClient(source, disposeHandler: false);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _runtime.Dispose();
        _handWritten.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Pages * PerPage)]
    public async Task<int> HandWrittenLoop()
    {
        var count = 0;
        string? cursor = null;
        do
        {
            using var request = new HttpRequestMessage(
                HttpMethod.Get,
                "http://source.internal/v1/workorders?limit=100"
                    + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))
            );
            request.Headers.Authorization = new("Bearer", "key");
            using var response = await _handWritten.SendAsync(request);
            response.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
            var records = new List<JsonElement>(PerPage);
            foreach (var record in json.RootElement.GetProperty("workOrders").EnumerateArray())
                records.Add(record.Clone());
            count += records.Count;
            cursor =
                json.RootElement.TryGetProperty("nextCursor", out var next)
                && next.ValueKind == JsonValueKind.String
                    ? next.GetString()
                    : null;
        } while (cursor is not null);
        return count;
    }

    [Benchmark(OperationsPerInvoke = Pages * PerPage)]
    public async Task<int> ConnectorRuntime()
    {
        var count = 0;
        await foreach (
            var page in _client.ReadAsync("work-orders", new ReadOptions(), CancellationToken.None)
        )
            count += page.Records.Count;
        return count;
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Makini.sln")))
            folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("Makini.sln not found");
    }

    /// <summary>Cursor pages of work orders shaped like MaintainX's, answered from memory.</summary>
    private sealed class PagedSource : HttpMessageHandler
    {
        private readonly byte[][] _pages;

        public PagedSource(int pages, int perPage)
        {
            _pages = new byte[pages][];
            for (var page = 0; page < pages; page++)
            {
                var records = Enumerable
                    .Range(page * perPage, perPage)
                    .Select(i => new
                    {
                        id = i,
                        sequentialId = i,
                        title = $"Inspect conveyor belt {i}",
                        description = "Check tension and wear; replace rollers if worn.",
                        status = i % 3 == 0 ? "DONE" : "OPEN",
                        priority = "MEDIUM",
                        assetId = 1000 + i % 50,
                        locationId = 200 + i % 7,
                        dueDate = "2026-12-10T08:00:00Z",
                        createdAt = "2026-11-01T08:00:00Z",
                        updatedAt = "2026-12-01T08:00:00Z",
                        extraFields = new { line = "A" },
                    });
                _pages[page] = JsonSerializer.SerializeToUtf8Bytes(
                    new
                    {
                        workOrders = records,
                        nextCursor = page + 1 < pages ? $"c{page + 1}" : null,
                    }
                );
            }
        }

        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            var query = request.RequestUri!.Query;
            var at = query.IndexOf("cursor=c", StringComparison.Ordinal);
            var page = at < 0 ? 0 : int.Parse(query[(at + 8)..].Split('&')[0]);
            return Task.FromResult(
                new HttpResponseMessage(HttpStatusCode.OK)
                {
                    Content = new ByteArrayContent(_pages[page])
                    {
                        Headers = { ContentType = new("application/json") },
                    },
                }
            );
        }
    }
}

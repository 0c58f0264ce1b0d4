using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// The HTTP load benchmark (`-- load`): an HTTP-triggered flow that maps 50 work-order records with JavaScript
/// and answers synchronously, against a hand-written ASP.NET Core endpoint doing the same mapping, in the
/// same run, at concurrency 1 and 16, on loopback only, for a bounded time. Needs Release builds of the
/// server and the baseline (`dotnet build -c Release`).
/// </summary>
internal static class LoadTest
{
    private const string Key = "mk_loadTestAdminKey0123456789abcdefgh";
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan WarmConnections = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(5);
    private const int Rounds = 3;

    /// <summary>The flow under load, also run in-process by <see cref="HttpMappingBenchmarks"/>; its runs are kept whole.</summary>
    private static JsonNode Flow =>
        JsonNode.Parse(
            File.ReadAllText(
                Path.Combine(AppContext.BaseDirectory, "Flows", "http-mapping.flow.json")
            )
        )!;

    /// <summary>The same flow on its own path, keeping a summary of each completed run (settings.completedRuns).</summary>
    private static JsonNode SummaryFlow
    {
        get
        {
            var flow = Flow;
            flow["id"] = "load-mapping-summary";
            flow["activities"]![0]!["inputs"]!["path"] = JsonNode.Parse(
                """{"literal": "load/map-summary"}"""
            );
            flow["settings"]!["completedRuns"] = "summary";
            return flow;
        }
    }

    public static async Task RunAsync()
    {
        // Each flow has a server and a database of its own, so neither pays for the other's stored runs.
        var databases = new[] { TempDatabase(), TempDatabase() };
        var ports = new[] { FreePort(), FreePort() };
        var baselinePort = FreePort();
        using var server = StartServer(ports[0], databases[0]);
        using var summaryServer = StartServer(ports[1], databases[1]);
        using var baseline = Start("Makini.Flows.LoadBaseline", baselinePort, []);
        try
        {
            var serverUrl = $"http://127.0.0.1:{ports[0]}";
            var summaryUrl = $"http://127.0.0.1:{ports[1]}";
            var baselineUrl = $"http://127.0.0.1:{baselinePort}";
            await WaitUntilUpAsync(serverUrl + "/health");
            await WaitUntilUpAsync(summaryUrl + "/health");
            await WaitUntilUpAsync(baselineUrl + "/map", post: true);
            await PublishAsync(serverUrl, Flow);
            await PublishAsync(summaryUrl, SummaryFlow);
            var body = WorkOrders.Json(50);
            Console.WriteLine(
                "| target | concurrency | requests/s | p50 ms | p99 ms | server CPU µs/request |"
            );
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            Target[] targets =
            [
                new("flow, runs stored whole", server, serverUrl + "/hooks/load/map"),
                new(
                    "flow, run summaries stored",
                    summaryServer,
                    summaryUrl + "/hooks/load/map-summary"
                ),
                new("hand-written ASP.NET endpoint", baseline, baselineUrl + "/map"),
            ];
            foreach (var concurrency in new[] { 1, 16 })
                await CompareAsync(targets, body, concurrency);
        }
        finally
        {
            Stop(server);
            Stop(summaryServer);
            Stop(baseline);
            foreach (var database in databases)
            foreach (
                var file in Directory.GetFiles(
                    Path.GetDirectoryName(database)!,
                    Path.GetFileName(database) + "*"
                )
            )
                File.Delete(file);
        }
    }

    private static string TempDatabase() =>
        Path.Combine(Path.GetTempPath(), $"makini-load-{Guid.NewGuid():N}.db");

    private static Process StartServer(int port, string database) =>
        Start(
            "Makini.Flows.Server",
            port,
            new()
            {
                ["Database__ConnectionString"] = $"Data Source={database}",
                ["MAKINI_ADMIN_KEY"] = Key,
                ["Samples__Folder"] = Path.Combine(Path.GetTempPath(), "makini-no-samples"),
            }
        );

    private sealed record Target(string Name, Process Process, string Url);

    private sealed record Result(double PerSecond, double P50, double P99, double CpuPerRequest);

    /// <summary>
    /// Measures the targets in turn, <see cref="Rounds"/> times over, so that a slower stretch of the shared
    /// machine falls on all of them; prints each target's median round and the ratios of every round.
    /// </summary>
    private static async Task CompareAsync(Target[] targets, string body, int concurrency)
    {
        var results = targets.Select(_ => new List<Result>()).ToArray();
        for (var round = 0; round < Rounds; round++)
        for (var i = 0; i < targets.Length; i++)
            results[i]
                .Add(
                    await LoadAsync(
                        targets[i].Process,
                        targets[i].Url,
                        body,
                        concurrency,
                        round == 0
                    )
                );
        for (var i = 0; i < targets.Length; i++)
            Print(
                targets[i].Name,
                concurrency,
                results[i].OrderBy(r => r.PerSecond).ElementAt(Rounds / 2)
            );
        var handWritten = results[^1];
        var ratios = Enumerable
            .Range(0, Rounds)
            .Select(round =>
                $"{results[0][round].PerSecond / handWritten[round].PerSecond:P0} / {results[1][round].PerSecond / handWritten[round].PerSecond:P0}"
            );
        Console.WriteLine(
            $"|  flow / hand-written, whole / summaries, each round | {concurrency} | {string.Join("; ", ratios)} | | | |"
        );
    }

    private static async Task<Result> LoadAsync(
        Process target,
        string url,
        string body,
        int concurrency,
        bool warmUp
    )
    {
        using var client = new HttpClient(
            new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }
        );
        await RunForAsync(client, url, body, concurrency, warmUp ? Warmup : WarmConnections, null);
        var latencies = new List<double>[concurrency];
        target.Refresh();
        var cpuBefore = target.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await RunForAsync(client, url, body, concurrency, Measure, latencies);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        target.Refresh();
        var cpu = target.TotalProcessorTime - cpuBefore;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Result(
            all.Length / elapsed,
            all[all.Length / 2],
            all[(int)(all.Length * 0.99)],
            cpu.TotalMicroseconds / all.Length
        );
    }

    private static Task RunForAsync(
        HttpClient client,
        string url,
        string body,
        int concurrency,
        TimeSpan duration,
        List<double>[]? latencies
    )
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        return Task.WhenAll(
            Enumerable
                .Range(0, concurrency)
                .Select(async worker =>
                {
                    var mine = new List<double>();
                    if (latencies is not null)
                        latencies[worker] = mine;
                    while (Stopwatch.GetTimestamp() < until)
                    {
                        var sent = Stopwatch.GetTimestamp();
                        using var response = await client.PostAsync(
                            url,
                            new StringContent(body, Encoding.UTF8, "application/json")
                        );
                        await response.Content.ReadAsByteArrayAsync();
                        if (!response.IsSuccessStatusCode)
                            throw new InvalidOperationException(
                                $"{url} answered {(int)response.StatusCode}"
                            );
                        mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                    }
                })
        );
    }

    private static void Print(string target, int concurrency, Result result) =>
        Console.WriteLine(
            $"| {target} | {concurrency} | {result.PerSecond:N0} | {result.P50:0.00} | {result.P99:0.00} | {result.CpuPerRequest:N0} |"
        );

    private static async Task PublishAsync(string serverUrl, JsonNode flow)
    {
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        var response = await client.PostAsync(
            serverUrl + "/api/flows/import?publish=true",
            new StringContent(flow.ToJsonString(), Encoding.UTF8, "application/json")
        );
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException(
                $"publishing failed: {await response.Content.ReadAsStringAsync()}"
            );
    }

    private static Process Start(string project, int port, Dictionary<string, string> environment)
    {
        var root = RepositoryRoot();
        var dll = Path.Combine(
            root,
            project.StartsWith("Makini.Flows.Server") ? "" : "bench",
            project,
            "bin",
            "Release",
            "net10.0",
            project + ".dll"
        );
        if (!File.Exists(dll))
            throw new FileNotFoundException("build Release first: dotnet build -c Release", dll);
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
    }

    private static async Task WaitUntilUpAsync(string url, bool post = false)
    {
        using var client = new HttpClient();
        for (var attempt = 0; attempt < 300; attempt++)
        {
            try
            {
                var response = post
                    ? await client.PostAsync(
                        url,
                        new StringContent("""{"records": []}""", Encoding.UTF8, "application/json")
                    )
                    : await client.GetAsync(url);
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{url} did not come up in 30 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (
            directory is not null && !File.Exists(Path.Combine(directory.FullName, "Makini.sln"))
        )
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Makini.sln not found");
    }
}

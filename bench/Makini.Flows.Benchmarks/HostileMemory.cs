using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Tests.Shared;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// The server's resident memory after start with no C# used, and as many hostile runs go through it (C# and
/// JavaScript scripts that fault quickly, with one in forty taking its script host down): printed every tenth
/// of the runs, so growth or a leak shows as a trend.
/// </summary>
internal static class HostileMemory
{
    private static readonly (string Id, string Language, string Script)[] Hostile =
    [
        ("cs-huge-array", "cs", "new long[600_000_000].Length"),
        ("cs-parse", "cs", "int.Parse(\"hostile\")"),
        ("cs-recursion", "cs", "Func<int, int> f = null!; f = n => f(n + 1); f(0)"),
        ("js-symbols", "js", "for (let i = 0; i < 20000; i++) Symbol.for('k' + i); null.x"),
        ("js-promise-loop", "js", "(function loop(){ Promise.resolve().then(loop); })(); 1"),
        ("js-match", "js", "'x'.repeat(4e6).match(/x/g).length"),
        ("js-iterator", "js", "Object.getPrototypeOf([][Symbol.iterator]()).next = () => 1"),
        (
            "cs-host-killer",
            "cs",
            "string.Concat(Enumerable.Repeat(new string('x', 1000), 10_000_000)).Length"
        ),
    ];

    public static async Task RunAsync(int runs)
    {
        var folder = Directory.CreateTempSubdirectory("makini-hostile-memory").FullName;
        await using var server = await ServerProcess.StartAsync(
            Path.Combine(folder, "flows.db"),
            ServerProcess.FreePort(),
            CancellationToken.None
        );
        await Task.Delay(TimeSpan.FromSeconds(5));
        Console.WriteLine(
            $"after start, no script run yet: {Resident(server.ProcessId)} MB resident"
        );
        foreach (var (id, language, script) in Hostile)
            await ImportAsync(server.Client, id, language, script);
        await ImportAsync(server.Client, "benign", "cs", "(int)input![\"a\"]! * 2");

        var watch = Stopwatch.StartNew();
        var done = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, runs),
            new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, ct) =>
            {
                var flow = i % 40 == 39 ? "cs-host-killer" : Hostile[i % (Hostile.Length - 1)].Id;
                using var response = await server.Client.PostAsJsonAsync(
                    $"/api/flows/{flow}/runs",
                    new JsonObject { ["a"] = 1 },
                    ct
                );
                var count = Interlocked.Increment(ref done);
                if (count % Math.Max(1, runs / 10) == 0)
                    Console.WriteLine(
                        $"{count, 6:N0} hostile runs, {watch.Elapsed.TotalSeconds, 5:0} s: {Resident(server.ProcessId)} MB resident"
                    );
            }
        );
        using var benign = await server.Client.PostAsJsonAsync(
            "/api/flows/benign/runs",
            new JsonObject { ["a"] = 21 }
        );
        Console.WriteLine(
            $"benign run afterwards: {(int)benign.StatusCode} {await benign.Content.ReadAsStringAsync()}"
        );
    }

    private static async Task ImportAsync(
        HttpClient client,
        string id,
        string language,
        string script
    )
    {
        var flow = new JsonObject
        {
            ["$schema"] = "https://schemas.makini.io/flows/flow-v1.json",
            ["id"] = id,
            ["name"] = id,
            ["variables"] = new JsonArray(new JsonObject { ["name"] = "result" }),
            ["activities"] = new JsonArray(
                new JsonObject
                {
                    ["id"] = "start",
                    ["type"] = "Start",
                    ["inputs"] = new JsonObject(),
                },
                new JsonObject
                {
                    ["id"] = "evaluate",
                    ["type"] = "SetVariable",
                    ["inputs"] = new JsonObject
                    {
                        ["variable"] = new JsonObject { ["literal"] = "result" },
                        ["value"] = new JsonObject { [language] = script },
                    },
                },
                new JsonObject
                {
                    ["id"] = "finish",
                    ["type"] = "Finish",
                    ["inputs"] = new JsonObject
                    {
                        ["output"] = new JsonObject { ["variable"] = "result" },
                    },
                }
            ),
            ["connections"] = new JsonArray(
                Connection("start", "evaluate"),
                Connection("evaluate", "finish")
            ),
        };
        using var response = await client.PostAsJsonAsync("/api/flows/import?publish=true", flow);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException(
                $"import of {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}"
            );
    }

    private static JsonObject Connection(string source, string target) =>
        new()
        {
            ["source"] = source,
            ["sourcePort"] = "Done",
            ["target"] = target,
        };

    internal static long Resident(int pid) =>
        long.Parse(
            File.ReadAllLines($"/proc/{pid}/status")
                .Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]
        ) / 1024;
}

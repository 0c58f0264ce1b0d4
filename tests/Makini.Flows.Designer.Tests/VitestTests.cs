using System.Diagnostics;
using System.Text.Json.Nodes;
using Makini.Flows.Designer.Tests.Infrastructure;

namespace Makini.Flows.Designer.Tests;

/// <summary>Runs the designer's Vitest suite (npm test) so dotnet test covers it too.</summary>
public sealed class VitestTests
{
    [Fact]
    public async Task The_designer_unit_tests_pass()
    {
        var ct = TestContext.Current.CancellationToken;
        if (!Directory.Exists(Path.Combine(Repository.Designer, "node_modules")))
            (await RunAsync("npm", "ci --no-audit --no-fund", ct)).ExitCode.ShouldBe(
                0,
                "npm ci failed"
            );
        var report = Path.Combine(Path.GetTempPath(), $"vitest-{Guid.NewGuid():N}.json");
        var (exitCode, output) = await RunAsync(
            "npm",
            $"test -- --reporter=default --reporter=json --outputFile.json={report}",
            ct
        );
        File.Exists(report).ShouldBeTrue($"vitest wrote no report:\n{output}");
        var results = JsonNode.Parse(await File.ReadAllTextAsync(report, ct))!;
        File.Delete(report);
        var failed = results["testResults"]!
            .AsArray()
            .SelectMany(file => file!["assertionResults"]!.AsArray())
            .Where(test => (string?)test!["status"] == "failed")
            .Select(test => (string)test!["fullName"]!)
            .ToList();
        failed.ShouldBeEmpty($"failing Vitest tests:\n{string.Join("\n", failed)}\n\n{output}");
        ((int)results["numPassedTests"]!).ShouldBeGreaterThan(0);
        exitCode.ShouldBe(0, output);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(
        string file,
        string arguments,
        CancellationToken ct
    )
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = Repository.Designer,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CI"] = "1";
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await stdout + await stderr);
    }
}

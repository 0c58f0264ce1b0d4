using Makini.Flows.Tests.Shared;

namespace Makini.Flows.Cluster.Tests;

/// <summary>
/// The measured figures of the cluster tests, appended to <c>artifacts/cluster-figures.txt</c> (which
/// <c>.ci/run</c> prints), since a passing test's output is not shown.
/// </summary>
internal static class Figures
{
    public static void Record(string line)
    {
        var folder = Path.Combine(TestServer.RepositoryRoot(), "artifacts");
        Directory.CreateDirectory(folder);
        File.AppendAllText(
            Path.Combine(folder, "cluster-figures.txt"),
            $"{DateTime.UtcNow:O} {line}{Environment.NewLine}"
        );
        TestContext.Current.SendDiagnosticMessage(line);
    }
}

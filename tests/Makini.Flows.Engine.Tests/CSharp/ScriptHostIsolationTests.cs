using System.Diagnostics;
using System.Text.Json.Nodes;
using Makini.Flows.Engine.Expressions.CSharp;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Tests.Support;

namespace Makini.Flows.Engine.Tests.CSharp;

/// <summary>
/// C# scripts run in separate processes that carry nothing of the server's: no environment (keys, connection
/// strings, secrets), no network, and no root.
/// </summary>
public sealed class ScriptHostIsolationTests
{
    private readonly FlowEngine _engine = new();

    [Fact]
    public async Task A_script_host_is_another_process_without_the_servers_environment_or_network()
    {
        Environment.SetEnvironmentVariable(
            "Hooks__Secrets__isolation_probe",
            "whsec_must_not_leak"
        );
        var run = await _engine.StartAsync(
            _engine.Prepare(FlowBuilder.EvaluateCSharp("(int)input![\"a\"]! * 2")),
            new JsonObject { ["a"] = 21 },
            TestContext.Current.CancellationToken
        );
        run.Output!.GetValue<int>().ShouldBe(42);

        var hosts = _engine.CSharpHosts.HostProcessIds;
        hosts.ShouldNotBeEmpty();
        foreach (var pid in hosts)
        {
            pid.ShouldNotBe(Environment.ProcessId);
            var environment = File.ReadAllText($"/proc/{pid}/environ");
            environment.ShouldNotContain("whsec_must_not_leak");
            environment.ShouldNotContain("Hooks__Secrets");
            if (_engine.ScriptHostIsolation == HostIsolation.None)
                continue;
            Namespace(pid, "net").ShouldNotBe(Namespace(Environment.ProcessId, "net"));
            if (
                _engine.ScriptHostIsolation == HostIsolation.NetworkAndUser
                && Environment.UserName == "root"
            )
                File.ReadAllLines($"/proc/{pid}/status")
                    .Single(line => line.StartsWith("Uid:", StringComparison.Ordinal))
                    .Split('\t', StringSplitOptions.RemoveEmptyEntries)[1]
                    .ShouldBe("65534");
        }
    }

    [Fact]
    public void Hosts_get_their_own_network_wherever_the_machine_allows_namespaces()
    {
        _engine.CSharpHosts.WarmUp();

        var expected = MachineAllowsNetworkNamespaces()
            ? HostIsolation.Network
            : HostIsolation.None;
        ((int)_engine.ScriptHostIsolation).ShouldBeGreaterThanOrEqualTo((int)expected);
    }

    /// <summary>Whether <c>unshare</c> may create a network namespace here (as root, or in a user namespace).</summary>
    private static bool MachineAllowsNetworkNamespaces()
    {
        if (!File.Exists("/usr/bin/unshare"))
            return false;
        var arguments =
            Environment.UserName == "root"
                ? new[] { "--net", "true" }
                : ["--map-root-user", "--net", "true"];
        using var probe = Process.Start(new ProcessStartInfo("/usr/bin/unshare", arguments))!;
        probe.WaitForExit();
        return probe.ExitCode == 0;
    }

    private static string Namespace(int pid, string kind) =>
        new FileInfo($"/proc/{pid}/ns/{kind}").LinkTarget ?? "";
}

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
    public void Hosts_are_isolated_on_this_machine()
    {
        // unshare and setpriv are part of util-linux on every Debian machine this project runs on; where a
        // container refuses namespaces, hosts start plainly and docs/scripts.md says what an operator adds.
        _engine.CSharpHosts.WarmUp();
        _engine.ScriptHostIsolation.ShouldNotBe(HostIsolation.None);
    }

    private static string Namespace(int pid, string kind) =>
        new FileInfo($"/proc/{pid}/ns/{kind}").LinkTarget ?? "";
}

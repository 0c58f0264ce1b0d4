using Makini.Flows.Engine.Expressions.CSharp;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Server.Startup;

/// <summary>
/// Starts a C# script host and compiles a throwaway C# and JavaScript expression once the server has started,
/// so the first real script does not pay the host's start-up (about two seconds) while a user waits.
/// </summary>
internal sealed class ScriptWarmUp(FlowEngine engine, ILogger<ScriptWarmUp> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Run(
            () =>
            {
                var started = TimeProvider.System.GetTimestamp();
                engine.WarmUp();
                logger.LogInformation(
                    "Script compilers warmed up in {Milliseconds:0} ms; C# script hosts run {Isolation}",
                    TimeProvider.System.GetElapsedTime(started).TotalMilliseconds,
                    engine.ScriptHostIsolation switch
                    {
                        HostIsolation.NetworkAndUser => "without network and privileges",
                        HostIsolation.Network => "without network",
                        _ => "plainly (this machine refused namespaces: see docs/scripts.md)",
                    }
                );
            },
            stoppingToken
        );
}

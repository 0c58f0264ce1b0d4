using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Server.Startup;

/// <summary>
/// Compiles a throwaway C# and JavaScript expression once the server has started, so the first real
/// script does not pay Roslyn's start-up (about a second) while a user waits.
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
                    "Script compilers warmed up in {Milliseconds:0} ms",
                    TimeProvider.System.GetElapsedTime(started).TotalMilliseconds
                );
            },
            stoppingToken
        );
}

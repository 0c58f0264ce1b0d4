using System.Collections.Concurrent;

namespace Makini.Flows.Engine.Expressions.JavaScript;

/// <summary>
/// Reuses sandboxed engines across runs: building one (prelude and lockdown) costs far more than a run's
/// scripts. Safe because engines are frozen and scripts get run values as arguments. An engine that cannot
/// serve another run (<see cref="SandboxedEngine.CanServeAnotherRun"/>) is disposed instead of kept.
/// </summary>
internal sealed class SandboxedEnginePool(ScriptLimits limits)
{
    private readonly ConcurrentBag<SandboxedEngine> _idle = [];
    private readonly int _maxIdle = Environment.ProcessorCount * 4;

    public SandboxedEngine Rent()
    {
        var engine = _idle.TryTake(out var idle) ? idle : new SandboxedEngine(limits);
        engine.BeginRun();
        return engine;
    }

    public void Return(SandboxedEngine engine)
    {
        if (engine.CanServeAnotherRun && _idle.Count < _maxIdle)
            _idle.Add(engine);
        else
            engine.Dispose();
    }
}

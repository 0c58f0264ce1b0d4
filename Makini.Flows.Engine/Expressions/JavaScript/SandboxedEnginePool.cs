using System.Collections.Concurrent;

namespace Makini.Flows.Engine.Expressions.JavaScript;

/// <summary>
/// Reuses sandboxed engines across runs: building one (prelude and lockdown) costs far more than a run's
/// scripts. Safe because engines are frozen and scripts get run values as arguments. An engine that saw a
/// script fail is not returned, so no half-finished state is ever reused.
/// </summary>
internal sealed class SandboxedEnginePool(ScriptLimits limits)
{
    private readonly ConcurrentBag<SandboxedEngine> _idle = [];
    private readonly int _maxIdle = Environment.ProcessorCount * 4;

    public SandboxedEngine Rent() =>
        _idle.TryTake(out var engine) ? engine : new SandboxedEngine(limits);

    public void Return(SandboxedEngine engine)
    {
        if (_idle.Count < _maxIdle)
            _idle.Add(engine);
        else
            engine.Dispose();
    }
}

using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Makini.Flows.ScriptHost.Execution;

/// <summary>
/// Enforces a C# script's limits from inside the script: the compiler inserts calls at every loop iteration,
/// at the entry of every lambda and local function, and around every size a script asks for. A tripped limit
/// throws <see cref="ScriptLimitException"/>, which scripts are not allowed to catch.
/// </summary>
public sealed class ScriptGuard
{
    private const int CheckEvery = 64;
    private const int ProcessWideSlack = 4;
    private readonly HostLimits _limits;
    private long _startedAt;
    private long _allocatedAtStart;
    private long _processAllocatedAtStart;
    private long _ticks;

    internal ScriptGuard(HostLimits limits) => _limits = limits;

    internal void Begin()
    {
        _ticks = 0;
        _startedAt = Stopwatch.GetTimestamp();
        _allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();
        _processAllocatedAtStart = GC.GetTotalAllocatedBytes();
    }

    /// <summary>Called once per loop iteration.</summary>
    public void Tick()
    {
        if (++_ticks % CheckEvery == 0)
            CheckBudget();
    }

    /// <summary>Called on entering a lambda or local function: also stops runaway recursion.</summary>
    public void Enter()
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new ScriptLimitException("script recursion went too deep");
        Tick();
    }

    /// <summary>Checks a length or count a script passes to an allocation (array size, capacity, repeat count).</summary>
    public int Size(int size) =>
        size <= _limits.MaxCollectionLength
            ? size
            : throw new ScriptLimitException(
                $"script asked for {size:N0} elements; the limit is {_limits.MaxCollectionLength:N0}"
            );

    public long Size(long size) => size <= _limits.MaxCollectionLength ? size : Size(int.MaxValue);

    /// <summary>Caps a regular expression's match timeout at the script's regex limit.</summary>
    public TimeSpan Timeout(TimeSpan matchTimeout) =>
        matchTimeout > TimeSpan.Zero && matchTimeout < _limits.RegexTimeout
            ? matchTimeout
            : _limits.RegexTimeout;

    /// <summary>Checks time and memory; also called by the host after the script returns.</summary>
    internal void CheckBudget()
    {
        if (Stopwatch.GetElapsedTime(_startedAt) > _limits.Timeout)
            throw new ScriptLimitException(
                $"script ran longer than its limit of {_limits.Timeout.TotalSeconds:0.###} s"
            );
        // The thread's count misses large objects (over 85 KB, such as long strings), so the process-wide
        // count backs it up with a looser bound: it also includes what other threads allocate meanwhile.
        var allocated = Math.Max(
            GC.GetAllocatedBytesForCurrentThread() - _allocatedAtStart,
            (GC.GetTotalAllocatedBytes() - _processAllocatedAtStart) / ProcessWideSlack
        );
        if (allocated > _limits.MaxMemoryBytes)
            throw new ScriptLimitException(
                $"script used too much memory: {allocated / (1024 * 1024):N0} MB allocated, the limit is {_limits.MaxMemoryBytes / (1024 * 1024):N0} MB"
            );
    }
}

/// <summary>A C# script went over one of its limits.</summary>
public sealed class ScriptLimitException(string message) : Exception(message);

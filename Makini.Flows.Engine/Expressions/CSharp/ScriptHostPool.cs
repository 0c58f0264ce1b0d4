using System.Collections.Concurrent;
using System.Diagnostics;
using Makini.Flows.ScriptHost.Protocol;

namespace Makini.Flows.Engine.Expressions.CSharp;

/// <summary>
/// Warm script host processes that compile and run C# scripts, at most <see cref="CSharpLimits.Hosts"/> at a
/// time. A watchdog thread kills a host whose request runs past its deadline or whose resident memory passes
/// its limit; a host that dies takes only the requests it was serving with it and is replaced at once. One pool
/// per set of limits in a process, shared by every engine with those limits.
/// </summary>
internal sealed class ScriptHostPool
{
    private static readonly ConcurrentDictionary<string, ScriptHostPool> Shared = new(
        StringComparer.Ordinal
    );
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan WatchEvery = TimeSpan.FromMilliseconds(20);

    /// <summary>Beyond the script's own limit, which it checks itself: time to answer with a clean error.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(500);

    private readonly CSharpLimits _limits;
    private readonly ScriptHostLauncher _launcher;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentBag<ScriptHostProcess> _idle = [];
    private readonly ConcurrentDictionary<ScriptHostProcess, byte> _live = new();
    private readonly Lock _startLock = new();
    private Thread? _watchdog;
    private int _started;

    private ScriptHostPool(CSharpLimits limits)
    {
        _limits = limits;
        _launcher = new ScriptHostLauncher(limits);
        _slots = new SemaphoreSlim(Math.Max(1, limits.Hosts));
    }

    public static ScriptHostPool For(CSharpLimits limits) =>
        Shared.GetOrAdd(limits.Key, _ => new ScriptHostPool(limits));

    /// <summary>How many hosts this pool has started (a replaced host counts again).</summary>
    public int HostsStarted => Volatile.Read(ref _started);

    /// <summary>Hosts started and not yet ended, ready or still starting.</summary>
    public int LiveHosts => _live.Count;

    /// <summary>Process ids of the hosts alive and ready now (not those still starting).</summary>
    public IReadOnlyList<int> HostProcessIds =>
        [.. _live.Keys.Where(h => h.Ready && !h.Exited).Select(h => h.ProcessId)];

    /// <summary>How hosts are walled off (lower where this machine refused more).</summary>
    public HostIsolation Isolation => _launcher.Isolation;

    /// <summary>
    /// Starts two hosts (one when the pool has one), each warming its compiler up before it says ready, so the
    /// first script does not wait and a host that dies leaves a warm one serving while it is replaced.
    /// </summary>
    public void WarmUp()
    {
        var missing = Math.Min(2, _limits.Hosts) - _live.Count;
        Parallel.For(0, Math.Max(0, missing), _ => Return(StartHost()));
    }

    /// <summary>Compiles and checks a script in a host.</summary>
    public CSharpCompileResult Compile(string hash, string source)
    {
        try
        {
            return Use(host => CompileIn(host, hash, source));
        }
        catch (ScriptHostFailure failure)
        {
            return HostFailure(failure);
        }
    }

    /// <summary>Runs a compiled script over each context, in one request; fills one outcome per context.</summary>
    public void Evaluate(
        CSharpExpression script,
        ReadOnlyMemory<CSharpContext> contexts,
        Memory<ScriptOutcome> outcomes
    )
    {
        try
        {
            Use(host =>
            {
                EvaluateIn(host, script, contexts.Span, outcomes.Span);
                return true;
            });
        }
        catch (ScriptHostFailure failure)
        {
            outcomes.Span.Fill(new ScriptOutcome(null, Describe(failure, "running")));
        }
    }

    private void EvaluateIn(
        ScriptHostProcess host,
        CSharpExpression script,
        ReadOnlySpan<CSharpContext> contexts,
        Span<ScriptOutcome> outcomes
    )
    {
        if (
            !host.Knows(script.Hash)
            && CompileIn(host, script.Hash, script.Source).Errors is { } errors
        )
        {
            outcomes.Fill(new ScriptOutcome(null, errors[0].Message));
            return;
        }
        var writer = host.Writer;
        writer.Begin(FrameKind.Evaluate);
        writer.WriteString(script.Hash);
        writer.WriteString(script.Source);
        writer.WriteInt32(contexts.Length);
        foreach (var context in contexts)
            EvaluateFrames.WriteContext(writer, script.Inputs, context);
        var reader = host.Exchange(_limits.Timeout + Grace, out var kind);
        if (kind != FrameKind.Evaluated)
        {
            host.Retire();
            throw new ScriptHostFailure(ScriptHostFault.Crashed, $"answered {kind} to Evaluate");
        }
        EvaluateFrames.ReadOutcomes(reader, outcomes);
        if (reader.ReadByte() == 1)
            host.Retire();
    }

    private CSharpCompileResult CompileIn(ScriptHostProcess host, string hash, string source)
    {
        try
        {
            return SendCompile(host, hash, source, _limits.CompileTimeout);
        }
        catch (ScriptHostFailure failure) when (failure.Fault != ScriptHostFault.GoneBeforeRequest)
        {
            return HostFailure(failure);
        }
    }

    private CSharpCompileResult HostFailure(ScriptHostFailure failure) =>
        CSharpCompileResult.HostFailure(
            new ScriptError($"C# error: {Describe(failure, "compiling")}", 1, 1)
        );

    /// <summary>Compiles a script in the host; throws <see cref="ScriptHostFailure"/> when the host fails.</summary>
    private static CSharpCompileResult SendCompile(
        ScriptHostProcess host,
        string hash,
        string source,
        TimeSpan limit
    )
    {
        var writer = host.Writer;
        writer.Begin(FrameKind.Compile);
        writer.WriteString(hash);
        writer.WriteString(source);
        var reader = host.Exchange(limit, out var kind);
        if (kind == FrameKind.CompileFailed)
        {
            var count = reader.ReadInt32();
            var errors = new List<ScriptError>(count);
            for (var i = 0; i < count; i++)
                errors.Add(
                    new ScriptError(reader.ReadString()!, reader.ReadInt32(), reader.ReadInt32())
                );
            return CSharpCompileResult.Failed(errors);
        }
        if (kind != FrameKind.Compiled)
        {
            host.Retire();
            throw new ScriptHostFailure(ScriptHostFault.Crashed, $"answered {kind} to Compile");
        }
        var inputs = (ScriptInputs)reader.ReadInt32();
        var referenceCount = reader.ReadInt32();
        var references = new List<NameReference>(referenceCount);
        for (var i = 0; i < referenceCount; i++)
            references.Add(
                new NameReference(
                    reader.ReadString()!,
                    reader.ReadString()!,
                    reader.ReadInt32(),
                    reader.ReadInt32()
                )
            );
        host.Learned(hash);
        return CSharpCompileResult.Compiled(inputs, references);
    }

    private string Describe(ScriptHostFailure failure, string doing) =>
        failure.Fault switch
        {
            ScriptHostFault.TimeLimit when doing == "compiling" =>
                $"the script took longer than its limit of {Seconds(_limits.CompileTimeout)} s to compile",
            ScriptHostFault.TimeLimit =>
                $"the script ran longer than its limit of {Seconds(_limits.Timeout)} s",
            ScriptHostFault.MemoryLimit =>
                $"the script used more than {_limits.MaxMemoryBytes / (1024 * 1024):N0} MB",
            ScriptHostFault.StackOverflow =>
                $"the script host crashed (stack overflow) while {doing} this script",
            ScriptHostFault.NotStarted => $"the script host could not start ({failure.Detail})",
            ScriptHostFault.GoneBeforeRequest =>
                $"the script host ended before it could take this script ({failure.Detail})",
            _ => $"the script host crashed ({failure.Summary}) while {doing} this script",
        };

    private static string Seconds(TimeSpan span) =>
        span.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Does <paramref name="work"/> with a host; once more with another if the first had ended unseen.</summary>
    private T Use<T>(Func<ScriptHostProcess, T> work)
    {
        _slots.Wait();
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                ScriptHostProcess? host = null;
                try
                {
                    host = Rent();
                    return work(host);
                }
                catch (ScriptHostFailure failure)
                    when (failure.Fault == ScriptHostFault.GoneBeforeRequest && attempt == 0) { }
                finally
                {
                    if (host is not null)
                        Return(host);
                }
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private ScriptHostProcess Rent()
    {
        while (_idle.TryTake(out var host))
        {
            if (host.Healthy)
                return host;
            if (Discard(host))
                Replace();
        }
        return StartHost();
    }

    private void Return(ScriptHostProcess host)
    {
        // More hosts than the pool holds (a replacement and an on-demand start met): the spare one ends.
        if (host.Healthy && _live.Count <= _limits.Hosts)
        {
            _idle.Add(host);
            return;
        }
        if (host.Healthy)
        {
            Discard(host);
            return;
        }
        if (Discard(host))
            Replace();
    }

    /// <summary>Starts a host in the background now, so the next script does not wait for one to start.</summary>
    private void Replace() => ThreadPool.QueueUserWorkItem(_ => ReplaceHost());

    private void ReplaceHost()
    {
        // Best effort on a pool thread, where an exception would end the server: a script that needs a host
        // and finds none starts one itself (and reports why it could not).
        try
        {
            if (_live.Count < _limits.Hosts)
                Return(StartHost());
        }
        catch (Exception) { }
    }

    /// <summary>Ends a host; false when another path had already taken it out of the pool.</summary>
    private bool Discard(ScriptHostProcess host)
    {
        var removed = _live.TryRemove(host, out _);
        host.Dispose();
        return removed;
    }

    /// <summary>A new host, ready for any script (it warms its compiler up before it says ready).</summary>
    private ScriptHostProcess StartHost()
    {
        EnsureWatchdog();
        while (true)
        {
            try
            {
                return StartWatched();
            }
            // This machine does not allow that start (no user namespaces, a container's seccomp profile, a
            // server folder user nobody cannot read...): the next level down from now on.
            catch (ScriptHostFailure) when (_launcher.StepDown()) { }
        }
    }

    private ScriptHostProcess StartWatched()
    {
        Interlocked.Increment(ref _started);
        var host = ScriptHostProcess.Start(_launcher.StartInfo());
        _live[host] = 0;
        try
        {
            host.AwaitReady(StartTimeout);
            return host;
        }
        catch (ScriptHostFailure)
        {
            _live.TryRemove(host, out _);
            throw;
        }
    }

    private void EnsureWatchdog()
    {
        if (_watchdog is not null)
            return;
        lock (_startLock)
        {
            if (_watchdog is not null)
                return;
            _watchdog = new Thread(WatchLoop)
            {
                IsBackground = true,
                Name = "script-host-watchdog",
            };
            _watchdog.Start();
        }
    }

    private void WatchLoop()
    {
        while (true)
        {
            Thread.Sleep(WatchEvery);
            var now = Stopwatch.GetTimestamp();
            foreach (var host in _live.Keys)
            {
                // This thread must outlive anything a host does: an exception here would end the server.
                try
                {
                    host.Watch(now, _limits.HostMemoryBytes);
                    // An idle host that ended (killed from outside): replaced now, discarded when next taken.
                    if (host.Exited && _live.TryRemove(host, out _))
                        Replace();
                }
                catch (Exception) { }
            }
        }
    }
}

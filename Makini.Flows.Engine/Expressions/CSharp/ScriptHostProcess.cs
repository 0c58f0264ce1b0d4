using System.Diagnostics;
using Makini.Flows.ScriptHost.Protocol;

namespace Makini.Flows.Engine.Expressions.CSharp;

/// <summary>
/// One script host process and its pipes. Used by one caller at a time; the pool's watchdog may kill it at any
/// moment when a request runs past its deadline or the process outgrows its memory, and the caller's blocked
/// read then ends and reports why.
/// </summary>
internal sealed class ScriptHostProcess : IDisposable
{
    private const int MaxKnownScripts = 256;
    private const int StderrLines = 20;
    private readonly Process _process;
    private readonly Stream _toHost;
    private readonly FrameReader _reader;
    private readonly Queue<string> _stderr = new();
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private long _deadline;
    private int _killedFor = -1;
    private bool _broken;
    private bool _disposed;

    // What the runtime said before its stack trace (only the trace's last lines are kept): -1 for nothing.
    private int _saidFault = -1;

    private ScriptHostProcess(Process process)
    {
        _process = process;
        ProcessId = process.Id;
        _toHost = process.StandardInput.BaseStream;
        _reader = new FrameReader(process.StandardOutput.BaseStream);
        process.ErrorDataReceived += (_, line) => KeepStderr(line.Data);
        process.BeginErrorReadLine();
    }

    public FrameWriter Writer { get; } = new();

    public int ProcessId { get; }

    /// <summary>Whether the host said it is ready (its compiler warmed up).</summary>
    public bool Ready { get; private set; }

    /// <summary>
    /// Whether the process has ended (killed from outside, or it exited after a fatal failure) or was disposed.
    /// Safe from any thread at any time: the watchdog asks while other threads dispose.
    /// </summary>
    public bool Exited
    {
        get
        {
            if (Volatile.Read(ref _disposed))
                return true;
            try
            {
                return _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    /// <summary>False once the host failed a request or ended: it must not serve another.</summary>
    public bool Healthy => !_broken && !Exited;

    /// <summary>Starts a host; <see cref="AwaitReady"/> before sending it anything.</summary>
    public static ScriptHostProcess Start(ProcessStartInfo info) =>
        new(
            Process.Start(info)
                ?? throw new ScriptHostFailure(ScriptHostFault.NotStarted, "no process")
        );

    /// <summary>Waits for the host to say it is ready; throws (and kills it) when it does not.</summary>
    public void AwaitReady(TimeSpan timeout)
    {
        SetDeadline(timeout);
        try
        {
            if (_reader.Next(out var kind) && kind == FrameKind.Ready)
            {
                Ready = true;
                return;
            }
        }
        catch (IOException) { }
        finally
        {
            ClearDeadline();
        }
        _broken = true;
        var failure = Failure();
        Dispose();
        throw new ScriptHostFailure(ScriptHostFault.NotStarted, failure.Detail);
    }

    /// <summary>Whether this host has compiled the script with this hash (as far as the server knows).</summary>
    public bool Knows(string hash) => _known.Contains(hash);

    public void Learned(string hash)
    {
        // The host drops every script when its cache is full; forget them at the same moment.
        if (_known.Count >= MaxKnownScripts)
            _known.Clear();
        _known.Add(hash);
    }

    /// <summary>Sends the frame in <see cref="Writer"/> and waits for the answer, at most <paramref name="limit"/>.</summary>
    public FrameReader Exchange(TimeSpan limit, out FrameKind kind)
    {
        try
        {
            Writer.WriteTo(_toHost);
        }
        catch (IOException exception)
        {
            // Its end of the pipe is closed: the host ended before this request, which it never saw.
            _broken = true;
            throw new ScriptHostFailure(ScriptHostFault.GoneBeforeRequest, exception.Message);
        }
        SetDeadline(limit);
        try
        {
            if (_reader.Next(out kind))
                return _reader;
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException) { }
        finally
        {
            ClearDeadline();
        }
        _broken = true;
        throw Failure();
    }

    /// <summary>Marks the host as done after this answer (it said it will exit).</summary>
    public void Retire() => _broken = true;

    /// <summary>Called by the watchdog: kills the host if its request is overdue or it grew too big.</summary>
    public void Watch(long now, long maxResidentBytes)
    {
        var deadline = Volatile.Read(ref _deadline);
        if (deadline == 0 || Volatile.Read(ref _disposed))
            return;
        if (now > deadline)
            Kill(ScriptHostFault.TimeLimit);
        else if (ResidentBytes() > maxResidentBytes)
            Kill(ScriptHostFault.MemoryLimit);
    }

    private void SetDeadline(TimeSpan limit) =>
        Volatile.Write(
            ref _deadline,
            Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency)
        );

    private void ClearDeadline() => Volatile.Write(ref _deadline, 0);

    private void Kill(ScriptHostFault fault)
    {
        if (Interlocked.CompareExchange(ref _killedFor, (int)fault, -1) != -1)
            return;
        try
        {
            _process.Kill();
        }
        catch (Exception exception)
            when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
        { }
    }

    private long ResidentBytes()
    {
        try
        {
            var statm = File.ReadAllText($"/proc/{ProcessId}/statm");
            var fields = statm.Split(' ', 3);
            return long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture)
                * Environment.SystemPageSize;
        }
        catch (Exception exception)
            when (exception is IOException or FormatException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private ScriptHostFailure Failure()
    {
        if (!_process.WaitForExit(2_000))
            Kill(ScriptHostFault.Crashed);
        // Once it has exited, the parameterless wait also drains its standard error, so its last words are in.
        if (_process.WaitForExit(2_000))
            _process.WaitForExit();
        var killed = Volatile.Read(ref _killedFor);
        string lastWords;
        lock (_stderr)
            lastWords = string.Join(" | ", _stderr);
        var exitCode = _process.HasExited
            ? _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : "?";
        var detail = $"exit code {exitCode}{(lastWords.Length > 0 ? ": " + lastWords : "")}";
        if (killed >= 0)
            return new ScriptHostFailure((ScriptHostFault)killed, detail, exitCode);
        var said = Volatile.Read(ref _saidFault);
        return new ScriptHostFailure(
            said >= 0 ? (ScriptHostFault)said : ScriptHostFault.Crashed,
            detail,
            exitCode
        );
    }

    private void KeepStderr(string? line)
    {
        if (string.IsNullOrEmpty(line))
            return;
        if (line.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase))
            Interlocked.CompareExchange(ref _saidFault, (int)ScriptHostFault.StackOverflow, -1);
        else if (line.Contains("OutOfMemory", StringComparison.Ordinal))
            Interlocked.CompareExchange(ref _saidFault, (int)ScriptHostFault.MemoryLimit, -1);
        lock (_stderr)
        {
            if (_stderr.Count >= StderrLines)
                _stderr.Dequeue();
            _stderr.Enqueue(line.Length > 300 ? line[..300] : line);
        }
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        try
        {
            if (!_process.HasExited)
                _process.Kill();
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.ScriptHost.Compilation;
using Makini.Flows.ScriptHost.Protocol;

namespace Makini.Flows.ScriptHost.Execution;

/// <summary>
/// Serves the server's requests one at a time: compile a script, or run it over a batch of contexts.
/// Single-threaded, so no two runs ever share this process at the same moment.
/// </summary>
internal sealed class ScriptHostLoop(Stream input, Stream output, HostLimits limits)
{
    private readonly FrameReader _reader = new(input);
    private readonly FrameWriter _writer = new();
    private readonly ScriptCache _cache = new();
    private readonly ScriptGuard _guard = new(limits);

    /// <summary>Serves until the server closes the pipe, or a failure leaves this host untrustworthy.</summary>
    public void Run()
    {
        // The compiler's first script costs seconds (loading and jitting Roslyn): paid before saying ready, so
        // a script's compile time limit measures the script and not the host's start.
        _cache.Get("warm-up", "input is null");
        _writer.Begin(FrameKind.Ready);
        _writer.WriteTo(output);
        while (ServeOne(out var poisoned) && !poisoned) { }
    }

    /// <summary>Answers the next request; false when the pipe ended.</summary>
    internal bool ServeOne(out bool poisoned)
    {
        poisoned = false;
        if (!_reader.Next(out var kind))
            return false;
        poisoned = kind switch
        {
            FrameKind.Compile => Compile(),
            FrameKind.Evaluate => Evaluate(),
            _ => throw new InvalidDataException($"unexpected frame {kind}"),
        };
        _writer.WriteTo(output);
        return true;
    }

    private bool Compile()
    {
        var hash = _reader.ReadString()!;
        var source = _reader.ReadString()!;
        var script = CompileOrAnswer(hash, source);
        if (script is null)
            return false;
        _writer.Begin(FrameKind.Compiled);
        _writer.WriteInt32((int)script.Inputs);
        _writer.WriteInt32(script.References.Count);
        foreach (var reference in script.References)
        {
            _writer.WriteString(reference.Root);
            _writer.WriteString(reference.Name);
            _writer.WriteInt32(reference.Line);
            _writer.WriteInt32(reference.Column);
        }
        return false;
    }

    /// <summary>The compiled script, or null after writing its problems as the answer.</summary>
    private CompiledScript? CompileOrAnswer(string hash, string source)
    {
        IReadOnlyList<ScriptProblem> problems;
        try
        {
            return _cache.Get(hash, source);
        }
        catch (ScriptCompileException exception)
        {
            problems = exception.Problems;
        }
        catch (InsufficientExecutionStackException)
        {
            problems =
            [
                new ScriptProblem("C# error: the script nests too deeply to compile", 1, 1),
            ];
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A fault inside the compiler is this script's problem to report, not a reason to end the host.
            problems =
            [
                new ScriptProblem(
                    $"C# error: the compiler failed on this script ({exception.GetType().Name}: {exception.Message})",
                    1,
                    1
                ),
            ];
        }
        _writer.Begin(FrameKind.CompileFailed);
        _writer.WriteInt32(problems.Count);
        foreach (var problem in problems)
        {
            _writer.WriteString(problem.Message);
            _writer.WriteInt32(problem.Line);
            _writer.WriteInt32(problem.Column);
        }
        return null;
    }

    private bool Evaluate()
    {
        var hash = _reader.ReadString()!;
        var source = _reader.ReadString()!;
        var count = _reader.ReadInt32();
        var script = CompileOrAnswer(hash, source);
        if (script is null)
            return false;
        _writer.Begin(FrameKind.Evaluated);
        _writer.WriteInt32(count);
        var poisoned = false;
        for (var i = 0; i < count; i++)
        {
            if (!poisoned)
            {
                poisoned = EvaluateOne(script);
                continue;
            }
            // This host will exit after answering: the rest of the batch is answered, not run.
            SkipContext();
            _writer.WriteByte(1);
            _writer.WriteString(
                "the script host stopped: an earlier record of this batch exhausted it"
            );
        }
        _writer.WriteByte(poisoned ? (byte)1 : (byte)0);
        return poisoned;
    }

    /// <summary>Runs the script over the next context and writes its result; true when the host must exit.</summary>
    private bool EvaluateOne(CompiledScript script)
    {
        var (inputJson, varsJson, outputsJson, itemJson) = (
            _reader.ReadBytes(),
            _reader.ReadBytes(),
            _reader.ReadBytes(),
            _reader.ReadBytes()
        );
        var index = _reader.ReadInt32();
        var mark = _writer.Mark();
        try
        {
            var input = Parse(inputJson);
            var vars = Parse(varsJson) as JsonObject ?? [];
            var outputs = Parse(outputsJson) as JsonObject ?? [];
            var item = Parse(itemJson);
            _guard.Begin();
            var result = script.Function(input, vars, outputs, item, index, _guard);
            _guard.CheckBudget();
            _writer.WriteByte(0);
            ResultSize.Check(
                _writer.WriteJson(result, ResultWriter.Write),
                limits.MaxResultValues,
                limits.MaxResultBytes
            );
            return false;
        }
        catch (Exception exception)
        {
            _writer.Rewind(mark);
            _writer.WriteByte(1);
            _writer.WriteString(FailureMessages.Describe(exception));
            return FailureMessages.Poisons(exception);
        }
    }

    private void SkipContext()
    {
        for (var i = 0; i < 4; i++)
            _reader.ReadBytes();
        _reader.ReadInt32();
    }

    // Run values were parsed and built by the server under its own limits: read them however deep they are.
    private static readonly JsonDocumentOptions RunValues = new() { MaxDepth = 1024 };

    private static JsonNode? Parse(ReadOnlyMemory<byte>? json) =>
        json is { } bytes ? JsonNode.Parse(bytes.Span, documentOptions: RunValues) : null;
}

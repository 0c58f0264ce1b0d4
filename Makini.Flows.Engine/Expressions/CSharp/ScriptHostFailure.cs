namespace Makini.Flows.Engine.Expressions.CSharp;

/// <summary>Why a script host stopped answering.</summary>
internal enum ScriptHostFault
{
    /// <summary>The server killed it: the request ran past its time limit.</summary>
    TimeLimit,

    /// <summary>The server killed it, or its runtime gave up: it grew past its memory limit.</summary>
    MemoryLimit,

    /// <summary>The script overflowed the host's stack, which ends a .NET process.</summary>
    StackOverflow,

    /// <summary>The host ended for another reason (a runtime fault, killed from outside).</summary>
    Crashed,

    /// <summary>The host did not start.</summary>
    NotStarted,

    /// <summary>The host had ended before the request reached it (killed while idle): try another one.</summary>
    GoneBeforeRequest,
}

/// <summary>A script host died or was killed while serving a request; only that request's runs fault.</summary>
internal sealed class ScriptHostFailure(
    ScriptHostFault fault,
    string detail,
    string? exitCode = null
) : Exception($"script host failure: {fault} ({detail})")
{
    public ScriptHostFault Fault { get; } = fault;

    /// <summary>The exit code or the last words of the host, for operators' logs.</summary>
    public string Detail { get; } = detail;

    /// <summary>How the host ended, for a flow author: its exit code, without its last words (a stack trace).</summary>
    public string Summary => exitCode is null ? Detail : $"exit code {exitCode}";
}

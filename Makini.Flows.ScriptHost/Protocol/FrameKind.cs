namespace Makini.Flows.ScriptHost.Protocol;

/// <summary>What a frame between the server and a script host carries.</summary>
public enum FrameKind : byte
{
    /// <summary>Host to server, once at start: the host is ready for requests.</summary>
    Ready = 0,

    /// <summary>Server to host: compile and check a script (hash, source).</summary>
    Compile = 1,

    /// <summary>Server to host: run a script over a batch of contexts (hash, source, contexts).</summary>
    Evaluate = 2,

    /// <summary>Host to server: the script compiled (the run values it reads).</summary>
    Compiled = 3,

    /// <summary>Host to server: the script has problems (message, line, column each).</summary>
    CompileFailed = 4,

    /// <summary>Host to server: one result per context of the batch, each a JSON value or an error message.</summary>
    Evaluated = 5,
}

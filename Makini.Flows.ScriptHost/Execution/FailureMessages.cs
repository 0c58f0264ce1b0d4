namespace Makini.Flows.ScriptHost.Execution;

/// <summary>What a flow author reads when a script fails in this host.</summary>
internal static class FailureMessages
{
    public static string Describe(Exception exception) =>
        exception switch
        {
            ScriptLimitException limit => limit.Message,
            InsufficientExecutionStackException => "script recursion went too deep",
            OutOfMemoryException => "script ran out of memory",
            // No line: the JIT's optimized code maps back to source lines too loosely to be trusted.
            _ => $"C# error: {exception.GetType().Name}: {exception.Message}",
        };

    /// <summary>Failures after which this host's state cannot be trusted: it answers, then exits.</summary>
    public static bool Poisons(Exception exception) =>
        exception is OutOfMemoryException or InsufficientExecutionStackException;
}

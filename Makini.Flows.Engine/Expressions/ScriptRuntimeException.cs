namespace Makini.Flows.Engine.Expressions;

/// <summary>A script failed while running: the message says how, in words a flow author understands.</summary>
public sealed class ScriptRuntimeException(string message, Exception? inner)
    : Exception(message, inner);

using Makini.Flows.Engine.Expressions;

namespace Makini.Flows.Engine.Activities;

/// <summary>
/// An activity input. The engine binds it once per flow version to the node's compiled expression;
/// activities read it with <see cref="ActivityContext.Get{T}(Input{T})"/>.
/// </summary>
public sealed class Input<T> : IBoundInput
{
    internal Input(string name, CompiledExpression? expression)
    {
        Name = name;
        Expression = expression;
    }

    public string Name { get; }

    /// <summary>Null when the flow leaves an optional input without a default.</summary>
    internal CompiledExpression? Expression { get; }

    CompiledExpression? IBoundInput.Expression => Expression;
}

/// <summary>An input of any type, for code that evaluates inputs outside an activity (see <see cref="Runtime.FlowEngine.EvaluateStartInput"/>).</summary>
internal interface IBoundInput
{
    CompiledExpression? Expression { get; }
}

using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>The <c>outputs</c> object: one property per activity of the flow, undefined until the activity has run.</summary>
internal sealed class OutputsView(RunExecution run)
{
    public RunExecution Run { get; } = run;
}

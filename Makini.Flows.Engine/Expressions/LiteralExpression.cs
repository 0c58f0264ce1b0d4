using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Engine.Expressions;

internal sealed class LiteralExpression(JsonNode? value) : CompiledExpression
{
    // Primitives are immutable and shared; objects and arrays are copied so no run can change another's.
    private readonly bool _isContainer = value is JsonObject or JsonArray;

    public override JsonNode? Evaluate(RunExecution run, int scope) =>
        _isContainer ? value!.DeepClone() : value;

    public override bool ResultIsFresh => _isContainer;
}

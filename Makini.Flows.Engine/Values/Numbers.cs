using System.Text.Json.Nodes;

namespace Makini.Flows.Engine.Values;

/// <summary>Reads a JSON number whatever CLR type backs it (parsed text, int, long, double, decimal).</summary>
public static class Numbers
{
    public static bool TryGetDouble(JsonNode? node, out double value)
    {
        value = 0;
        if (node is not JsonValue v)
            return false;
        if (v.TryGetValue(out double d))
            value = d;
        else if (v.TryGetValue(out long l))
            value = l;
        else if (v.TryGetValue(out int i))
            value = i;
        else if (v.TryGetValue(out decimal m))
            value = (double)m;
        else if (v.TryGetValue(out float f))
            value = f;
        else
            return false;
        return true;
    }

    public static double GetDouble(JsonNode node) =>
        TryGetDouble(node, out var value)
            ? value
            : throw new InvalidOperationException($"{DataTypes.Describe(node)} is not a number");
}

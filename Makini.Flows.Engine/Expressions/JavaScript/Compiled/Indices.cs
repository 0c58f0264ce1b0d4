using static Makini.Flows.Engine.Expressions.JavaScript.Compiled.ScriptValues;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>Positions given to <c>slice</c>, <c>at</c>, <c>charAt</c>..., converted as the specification does.</summary>
internal static class Indices
{
    /// <summary>ToIntegerOrInfinity: NaN is 0, fractions are cut toward zero.</summary>
    public static double Integer(object? value)
    {
        var number = ToNumber(value);
        return double.IsNaN(number) ? 0 : Math.Truncate(number);
    }

    /// <summary>A start or end counted from the end when negative, clamped to 0..length; undefined gives the default.</summary>
    public static int Relative(object? value, int length, int fallback)
    {
        if (value == Undefined)
            return fallback;
        var index = Integer(value);
        return (int)(index < 0 ? Math.Max(length + index, 0) : Math.Min(index, length));
    }
}

using static Makini.Flows.Engine.Expressions.JavaScript.Compiled.ScriptValues;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>The <c>Math</c> functions compiled scripts call, by the specification's steps (signed zeros and NaN included).</summary>
internal static class ScriptMath
{
    public static bool Has(string method) =>
        method is "round" or "floor" or "ceil" or "abs" or "trunc" or "sign" or "max" or "min";

    public static object Call(string method, IReadOnlyList<object?> values)
    {
        if (method is "max" or "min")
            return Extreme(values, method == "max");
        var x = values.Count > 0 ? ToNumber(values[0]) : double.NaN;
        for (var i = 1; i < values.Count; i++)
            ToNumber(values[i]);
        return method switch
        {
            "round" => Round(x),
            "floor" => Math.Floor(x),
            "ceil" => Math.Ceiling(x),
            "abs" => Math.Abs(x),
            "trunc" => Math.Truncate(x),
            _ => double.IsNaN(x) || x == 0 ? x : Math.Sign(x),
        };
    }

    /// <summary>The integer closest to x, halves rounded up; -0 for -0.5 ≤ x &lt; 0.</summary>
    private static double Round(double x)
    {
        if (!double.IsFinite(x) || x == Math.Floor(x))
            return x;
        if (x < 0 && x >= -0.5)
            return -0d;
        var floor = Math.Floor(x);
        return x - floor >= 0.5 ? floor + 1 : floor;
    }

    /// <summary>Every argument is converted (an object hands over); NaN wins, and +0 is above -0.</summary>
    private static double Extreme(IReadOnlyList<object?> values, bool max)
    {
        var result = max ? double.NegativeInfinity : double.PositiveInfinity;
        var nan = false;
        foreach (var value in values)
        {
            var x = ToNumber(value);
            if (double.IsNaN(x))
                nan = true;
            else if (
                max
                    ? x > result || (x == 0 && result == 0 && !double.IsNegative(x))
                    : x < result || (x == 0 && result == 0 && double.IsNegative(x))
            )
                result = x;
        }
        return nan ? double.NaN : result;
    }
}

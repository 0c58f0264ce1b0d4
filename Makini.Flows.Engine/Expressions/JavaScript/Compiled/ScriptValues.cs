using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jint.Native;
using Jint.Runtime;
using Makini.Flows.Engine.Values;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>
/// JavaScript's primitive values and conversions as compiled scripts hold them: <see cref="Undefined"/>, null,
/// <see cref="bool"/>, <see cref="double"/> and <see cref="string"/>. Objects are JSON nodes read from the run,
/// <see cref="ScriptArray"/>/<see cref="ScriptObject"/> built by the script, or views of the run's variables and
/// outputs. Anything beyond the rules here bails out to Jint.
/// </summary>
internal static class ScriptValues
{
    public static readonly object Undefined = new UndefinedValue();

    /// <summary>The value of an optional chain cut short by <c>?.</c> on null or undefined.</summary>
    public static readonly object ShortCircuit = new UndefinedValue();

    public static readonly object True = true;
    public static readonly object False = false;

    private sealed class UndefinedValue;

    public static object Box(bool value) => value ? True : False;

    /// <summary>A JSON node as a script sees it: primitives unwrapped, containers as they are.</summary>
    public static object? FromJson(JsonNode? node) =>
        node switch
        {
            null => null,
            // Parsed JSON is read straight from its element (no boxing on the way).
            JsonValue value when value.TryGetValue(out JsonElement element) => JsonElements.Value(
                element
            ),
            JsonValue value => value.GetValueKind() switch
            {
                JsonValueKind.String => value.GetValue<string>(),
                JsonValueKind.Number => Numbers.GetDouble(value),
                JsonValueKind.True => True,
                JsonValueKind.False => False,
                _ => null,
            },
            _ => node,
        };

    public static bool IsNullish(object? value) => value is null || value == Undefined;

    public static bool IsPrimitive(object? value) =>
        value is null or bool or double or string || value == Undefined;

    public static bool ToBoolean(object? value) =>
        value switch
        {
            null => false,
            bool b => b,
            double d => !(d == 0 || double.IsNaN(d)),
            string s => s.Length > 0,
            _ => value != Undefined,
        };

    public static double ToNumber(object? value) =>
        value switch
        {
            null => 0,
            bool b => b ? 1 : 0,
            double d => d,
            string s => TypeConverter.ToNumber(new JsString(s)),
            _ when value == Undefined => double.NaN,
            _ => throw ScriptBailout.Instance,
        };

    public static string ToText(object? value) =>
        value switch
        {
            null => "null",
            bool b => b ? "true" : "false",
            double d => NumberToText(d),
            string s => s,
            _ when value == Undefined => "undefined",
            _ => throw ScriptBailout.Instance,
        };

    /// <summary>Whole numbers (ids, counts) the quick way; the rest with Jint's own Number::toString.</summary>
    private static string NumberToText(double value) =>
        Math.Abs(value) < 1e15 && value == Math.Floor(value)
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : TypeConverter.ToString(value);

    public static string TypeOf(object? value) =>
        value switch
        {
            null => "object",
            bool => "boolean",
            double => "number",
            string => "string",
            _ when value == Undefined => "undefined",
            _ => "object",
        };

    /// <summary><c>===</c> on primitives; objects bail out (their identity differs between engines).</summary>
    public static bool StrictEquals(object? left, object? right)
    {
        if (!IsPrimitive(left) || !IsPrimitive(right))
            throw ScriptBailout.Instance;
        return left switch
        {
            double l => right is double r && l == r,
            string l => right is string r && string.Equals(l, r, StringComparison.Ordinal),
            bool l => right is bool r && l == r,
            _ => left == right,
        };
    }

    /// <summary><c>==</c> on primitives, with JavaScript's conversions.</summary>
    public static bool LooseEquals(object? left, object? right)
    {
        if (!IsPrimitive(left) || !IsPrimitive(right))
            throw ScriptBailout.Instance;
        if (IsNullish(left) || IsNullish(right))
            return IsNullish(left) && IsNullish(right);
        if (left is string l && right is string r)
            return string.Equals(l, r, StringComparison.Ordinal);
        return ToNumber(left) == ToNumber(right);
    }

    /// <summary>
    /// The abstract relational comparison: strings compare by UTF-16 code units, anything else as numbers.
    /// Returns null when either side is NaN (every comparison is then false).
    /// </summary>
    public static int? Compare(object? left, object? right)
    {
        if (!IsPrimitive(left) || !IsPrimitive(right))
            throw ScriptBailout.Instance;
        if (left is string l && right is string r)
            return Math.Sign(string.CompareOrdinal(l, r));
        var a = ToNumber(left);
        var b = ToNumber(right);
        if (double.IsNaN(a) || double.IsNaN(b))
            return null;
        return a.CompareTo(b);
    }

    /// <summary>SameValueZero, as <c>includes</c> compares.</summary>
    public static bool SameValueZero(object? left, object? right) =>
        left is double l && right is double r
            ? l == r || (double.IsNaN(l) && double.IsNaN(r))
            : StrictEquals(left, right);
}

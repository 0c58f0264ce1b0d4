using static Makini.Flows.Engine.Expressions.JavaScript.Compiled.ScriptValues;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>
/// <c>parseInt</c> in base 10 by the specification's steps: leading white space, a sign, then the longest run of
/// decimal digits (none gives NaN). Other bases, and runs of more than 15 digits (whose rounding the
/// specification leaves to the engine), hand over.
/// </summary>
internal static class IntegerParsing
{
    public static object ParseInt(object? text, object? radix)
    {
        if (!IsPrimitive(text) || !(radix == Undefined || radix is 10d))
            throw ScriptBailout.Instance;
        var input = StringMethods.TrimStart(ToText(text));
        var negative = input.StartsWith('-');
        if (negative || input.StartsWith('+'))
            input = input[1..];
        if (radix == Undefined && (input.StartsWith("0x") || input.StartsWith("0X")))
            throw ScriptBailout.Instance; // hexadecimal
        var digits = 0;
        while (digits < input.Length && char.IsAsciiDigit(input[digits]))
            digits++;
        if (digits == 0)
            return double.NaN;
        if (digits > 15)
            throw ScriptBailout.Instance;
        var value = (double)
            long.Parse(
                input.AsSpan(0, digits),
                provider: System.Globalization.CultureInfo.InvariantCulture
            );
        return negative ? -value : value;
    }
}

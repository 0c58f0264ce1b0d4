using System.Globalization;
using System.Numerics;
using static Makini.Flows.Engine.Expressions.JavaScript.Compiled.ScriptValues;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary><c>Number.prototype.toFixed</c> by the specification's steps.</summary>
internal static class NumberFormatting
{
    /// <summary>
    /// The digits of the integer n closest to x·10^f, computed exactly from the double's binary value; of two
    /// equally close the larger (.NET's "F" format would round such a tie to even). -0 has no sign.
    /// </summary>
    public static string ToFixed(double value, object? fractionDigits)
    {
        var digits = fractionDigits == Undefined ? 0 : Indices.Integer(fractionDigits);
        if (digits is < 0 or > 100)
            throw ScriptBailout.Instance; // a RangeError, which Jint raises
        if (double.IsNaN(value))
            return "NaN";
        if (Math.Abs(value) >= 1e21)
            return ToText(value);
        var f = (int)digits;
        var text = Scaled(Math.Abs(value), f).ToString(CultureInfo.InvariantCulture);
        if (f > 0)
        {
            text = text.PadLeft(f + 1, '0');
            text = text[..^f] + "." + text[^f..];
        }
        return value < 0 ? "-" + text : text;
    }

    /// <summary>round-half-up(x · 10^f) for a finite x ≥ 0, exactly.</summary>
    private static BigInteger Scaled(double x, int f)
    {
        var bits = BitConverter.DoubleToInt64Bits(x);
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
            exponent++;
        else
            mantissa |= 1L << 52;
        exponent -= 1075; // x = mantissa · 2^exponent
        var scaled = new BigInteger(mantissa) * BigInteger.Pow(10, f);
        if (exponent >= 0)
            return scaled << exponent;
        var denominator = BigInteger.One << -exponent;
        var quotient = BigInteger.DivRem(scaled, denominator, out var remainder);
        return remainder * 2 >= denominator ? quotient + 1 : quotient;
    }
}

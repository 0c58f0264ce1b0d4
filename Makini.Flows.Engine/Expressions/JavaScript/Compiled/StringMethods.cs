using System.Text;
using static Makini.Flows.Engine.Expressions.JavaScript.Compiled.ScriptValues;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>
/// The string methods compiled scripts call. Case mapping is done here for ASCII text only: JavaScript maps
/// the rest of Unicode with full (sometimes one-to-many, context-dependent) rules that Jint implements.
/// </summary>
internal static class StringMethods
{
    public static object Call(
        ScriptFrame frame,
        string text,
        string method,
        object? argument,
        object? second
    ) =>
        method switch
        {
            "toLowerCase" => IsAscii(text) ? text.ToLowerInvariant() : throw ScriptBailout.Instance,
            "toUpperCase" => IsAscii(text) ? text.ToUpperInvariant() : throw ScriptBailout.Instance,
            "trim" => text.Trim(WhiteSpace),
            "trimStart" => text.TrimStart(WhiteSpace),
            "trimEnd" => text.TrimEnd(WhiteSpace),
            "toString" => text,
            "includes" => Box(text.Contains(Search(argument), StringComparison.Ordinal)),
            "startsWith" => Box(text.StartsWith(Search(argument), StringComparison.Ordinal)),
            "endsWith" => Box(text.EndsWith(Search(argument), StringComparison.Ordinal)),
            "indexOf" => (double)text.IndexOf(Search(argument), StringComparison.Ordinal),
            "slice" => Slice(text, argument, second),
            "substring" => Substring(text, argument, second),
            "at" => At(text, argument),
            "charAt" => Indices.Integer(argument) is var at && at >= 0 && at < text.Length
                ? text[(int)at].ToString()
                : "",
            "padStart" or "padEnd" => Pad(frame, text, argument, second, method == "padStart"),
            "split" => Split(frame, text, argument),
            "replace" => Replace(frame, text, argument, second),
            _ => throw ScriptBailout.Instance,
        };

    private static string Slice(string text, object? start, object? end)
    {
        var from = Indices.Relative(start, text.Length, 0);
        var to = Indices.Relative(end, text.Length, text.Length);
        return from < to ? text[from..to] : "";
    }

    private static string Substring(string text, object? start, object? end)
    {
        var from = Clamp(Indices.Integer(start), text.Length);
        var to = end == Undefined ? text.Length : Clamp(Indices.Integer(end), text.Length);
        return text[Math.Min(from, to)..Math.Max(from, to)];
    }

    private static int Clamp(double index, int length) => (int)Math.Clamp(index, 0, length);

    private static object At(string text, object? index)
    {
        var at = Indices.Integer(index);
        if (at < 0)
            at += text.Length;
        return at >= 0 && at < text.Length ? text[(int)at].ToString() : Undefined;
    }

    /// <summary><c>padStart</c>/<c>padEnd</c>: the filler repeated and cut to reach the length.</summary>
    private static string Pad(
        ScriptFrame frame,
        string text,
        object? length,
        object? filler,
        bool atStart
    )
    {
        var target = Indices.Integer(length);
        var fill = filler == Undefined ? " " : ToText(filler);
        if (target <= text.Length || fill.Length == 0)
            return text;
        if (target > frame.Run.Options.ScriptLimits.MaxStringLength)
            throw ScriptBailout.Instance;
        var missing = (int)target - text.Length;
        var padding = new StringBuilder(missing);
        while (padding.Length < missing)
            padding.Append(fill, 0, Math.Min(fill.Length, missing - padding.Length));
        return frame.CountString(
            atStart ? padding.Append(text).ToString() : text + padding.ToString()
        );
    }

    /// <summary><c>split</c> by a string (a regular expression is not compiled); no separator gives the whole text.</summary>
    private static ScriptArray Split(ScriptFrame frame, string text, object? separator)
    {
        var result = new ScriptArray(4);
        if (separator == Undefined)
            result.Add(text);
        else if (ToText(separator) is var by && by.Length == 0)
            foreach (var unit in text)
                result.Add(unit.ToString());
        else
            foreach (var part in text.Split(by))
                result.Add(part);
        frame.CountElements(result.Count);
        return result;
    }

    /// <summary>
    /// <c>replace</c> of the first occurrence of a string; a replacement with <c>$</c> patterns is left to Jint.
    /// </summary>
    private static string Replace(
        ScriptFrame frame,
        string text,
        object? pattern,
        object? replacement
    )
    {
        var search = Search(pattern);
        var with = ToText(replacement);
        if (with.Contains('$'))
            throw ScriptBailout.Instance;
        var at = text.IndexOf(search, StringComparison.Ordinal);
        return at < 0
            ? text
            : frame.CountString(
                string.Concat(text.AsSpan(0, at), with, text.AsSpan(at + search.Length))
            );
    }

    /// <summary>JavaScript's WhiteSpace and LineTerminator code points, which <c>trim</c> removes.</summary>
    private static readonly char[] WhiteSpace =
    [
        '\t',
        '\n',
        '\v',
        '\f',
        '\r',
        ' ',
        '\u00A0',
        '\u1680',
        '\u2000',
        '\u2001',
        '\u2002',
        '\u2003',
        '\u2004',
        '\u2005',
        '\u2006',
        '\u2007',
        '\u2008',
        '\u2009',
        '\u200A',
        '\u2028',
        '\u2029',
        '\u202F',
        '\u205F',
        '\u3000',
        '\uFEFF',
    ];

    private static bool IsAscii(string text) => Ascii.IsValid(text);

    /// <summary>The text without JavaScript's leading white space and line terminators.</summary>
    public static string TrimStart(string text) => text.TrimStart(WhiteSpace);

    /// <summary>A regular expression argument throws in JavaScript; any other object is converted by Jint.</summary>
    private static string Search(object? argument) => ToText(argument);
}

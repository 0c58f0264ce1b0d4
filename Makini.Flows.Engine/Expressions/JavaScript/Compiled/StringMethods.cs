using System.Text;
using static Makini.Flows.Engine.Expressions.JavaScript.Compiled.ScriptValues;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>
/// The string methods compiled scripts call. Case mapping is done here for ASCII text only: JavaScript maps
/// the rest of Unicode with full (sometimes one-to-many, context-dependent) rules that Jint implements.
/// </summary>
internal static class StringMethods
{
    public static object Call(ScriptFrame frame, string text, string method, object? argument) =>
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
            _ => throw ScriptBailout.Instance,
        };

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

    /// <summary>A regular expression argument throws in JavaScript; any other object is converted by Jint.</summary>
    private static string Search(object? argument) => ToText(argument);
}

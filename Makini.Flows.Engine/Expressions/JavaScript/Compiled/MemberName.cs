using System.Text;
using System.Text.Json;
using Makini.Flows.Engine.Values;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>
/// A property name written in the script (<c>r.title</c>, <c>{ key: ... }</c>) with the forms compiled code
/// needs, made once at compile time: UTF-8 to look it up in parsed JSON, JSON-encoded to write it.
/// </summary>
internal sealed class MemberName
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private byte[]? _utf8;
    private JsonEncodedText? _encoded;

    private MemberName(string text) => Text = text;

    public string Text { get; }

    /// <summary>The name in UTF-8 (a name made at run time that is not valid Unicode throws, and the script is handed over).</summary>
    public byte[] Utf8 => _utf8 ??= StrictUtf8.GetBytes(Text);

    public JsonEncodedText Encoded => _encoded ??= JsonEncodedText.Encode(Text, JsonText.Encoder);

    /// <summary>The name, or null when it is not valid Unicode (a lone surrogate), which JSON cannot hold.</summary>
    public static MemberName? TryCreate(string text)
    {
        try
        {
            var name = new MemberName(text);
            _ = name.Utf8;
            _ = name.Encoded;
            return name;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private const int MaxKeptNames = 4_096;

    [ThreadStatic]
    private static Dictionary<string, MemberName>? t_names;

    /// <summary>
    /// A name computed while the script runs (a spread record's keys, a computed key), its forms made when first
    /// needed; the names a thread met are kept, so records with the same keys encode them once.
    /// </summary>
    public static MemberName OfValue(string text)
    {
        var names = t_names ??= new Dictionary<string, MemberName>(StringComparer.Ordinal);
        if (names.TryGetValue(text, out var name))
            return name;
        if (names.Count >= MaxKeptNames)
            names.Clear();
        name = new MemberName(text);
        names[text] = name;
        return name;
    }

    public override string ToString() => Text;
}

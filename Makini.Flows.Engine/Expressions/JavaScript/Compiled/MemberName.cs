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

    private MemberName(string text, byte[] utf8, JsonEncodedText encoded)
    {
        Text = text;
        Utf8 = utf8;
        Encoded = encoded;
    }

    public string Text { get; }
    public byte[] Utf8 { get; }
    public JsonEncodedText Encoded { get; }

    /// <summary>The name, or null when it is not valid Unicode (a lone surrogate), which JSON cannot hold.</summary>
    public static MemberName? TryCreate(string text)
    {
        try
        {
            return new MemberName(
                text,
                StrictUtf8.GetBytes(text),
                JsonEncodedText.Encode(text, JsonText.Encoder)
            );
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public override string ToString() => Text;
}

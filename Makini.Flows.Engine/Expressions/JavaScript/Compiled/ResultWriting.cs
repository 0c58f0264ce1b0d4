using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Makini.Flows.Engine.Values;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>
/// Writes a compiled expression's value as JSON. Inside an object (<c>property</c> given) an undefined value
/// writes nothing, as JSON.stringify leaves it out; elsewhere it writes null.
/// </summary>
internal delegate void ValueWriter(
    ScriptFrame frame,
    Utf8JsonWriter writer,
    int depth,
    MemberName? property
);

/// <summary>
/// What the writers compiled for a script's result do at run time: the result is written as it is computed,
/// so the records a mapping builds are never held as objects, and a string or whole number copied from parsed
/// JSON is copied as its text (the value is the same; reading it as a .NET string and writing it back is not
/// needed).
/// </summary>
internal static class ResultWriting
{
    /// <summary>An escape, or a character the writer escapes (HTML-sensitive): such text is written, not copied.</summary>
    private static readonly SearchValues<byte> EscapedInText = SearchValues.Create("\\<>&'+`"u8);

    public static void Value(
        ScriptFrame frame,
        Utf8JsonWriter writer,
        object? value,
        int depth,
        MemberName? property
    )
    {
        if (property is not null)
        {
            if (value == ScriptValues.Undefined)
                return;
            writer.WritePropertyName(property.Encoded);
        }
        ScriptResult.Write(writer, value, depth, frame);
    }

    /// <summary>Opens an object or array the script builds.</summary>
    public static void Start(
        ScriptFrame frame,
        Utf8JsonWriter writer,
        int depth,
        MemberName? property,
        bool array
    )
    {
        frame.CountResultNode(depth);
        if (property is not null)
            writer.WritePropertyName(property.Encoded);
        if (array)
            writer.WriteStartArray();
        else
            writer.WriteStartObject();
    }

    /// <summary><c>target.name</c>: read from parsed JSON by its UTF-8 name, copied as text where it can be.</summary>
    public static void Member(
        ScriptFrame frame,
        Utf8JsonWriter writer,
        object? target,
        MemberName name,
        int depth,
        MemberName? property
    )
    {
        var found = ScriptMembers.ParsedProperty(target, name);
        if (found is { } parsed && CopiesAsText(parsed, out var text))
        {
            frame.CountResultNode(depth);
            if (property is not null)
                writer.WritePropertyName(property.Encoded);
            writer.WriteRawValue(text, skipInputValidation: true);
        }
        else
        {
            var value = found is { } element
                ? JsonElements.Value(element)
                : ScriptMembers.Get(target, name);
            Value(frame, writer, value, depth, property);
        }
    }

    /// <summary>
    /// Whether a parsed value's text is exactly what writing its script value would mean: a string without escapes
    /// or characters the writer escapes (valid UTF-8), or a whole number written plainly (no sign of zero, exponent, fraction or leading zero,
    /// at most 15 digits) that JavaScript prints with the same digits.
    /// </summary>
    private static bool CopiesAsText(JsonElement element, out ReadOnlySpan<byte> text)
    {
        text = default;
        if (element.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
            return false;
        text = JsonMarshal.GetRawUtf8Value(element);
        if (element.ValueKind == JsonValueKind.String)
            return !text[1..^1].ContainsAny(EscapedInText) && Utf8.IsValid(text);
        var digits = text[0] == (byte)'-' ? text[1..] : text;
        return digits.Length is > 0 and <= 15
            && !digits.ContainsAnyExceptInRange((byte)'0', (byte)'9')
            && (digits[0] != (byte)'0' || (digits.Length == 1 && text.Length == 1));
    }

    /// <summary><c>receiver.map(callback)</c> writing each element the callback returns.</summary>
    public static void Map(
        ScriptFrame frame,
        Utf8JsonWriter writer,
        object? receiver,
        WritingCallback callback,
        int depth,
        MemberName? property
    )
    {
        var parsed = receiver switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } element => element,
            JsonArray array => ParsedJson.Of(array),
            _ => null,
        };
        var items = parsed is null ? ArrayMethods.Items(receiver) : null;
        Start(frame, writer, depth, property, array: true);
        if (parsed is { } elements)
        {
            var index = 0;
            foreach (var element in elements.EnumerateArray())
                callback.Write(
                    frame,
                    writer,
                    JsonElements.Value(element),
                    index++,
                    receiver,
                    depth + 1
                );
        }
        else
            for (var i = 0; i < items!.Count; i++)
            {
                var changes = (receiver as ScriptArray)?.Changes;
                callback.Write(frame, writer, items[i], i, receiver, depth + 1);
                ArrayMethods.Unchanged(receiver, changes);
            }
        writer.WriteEndArray();
    }
}

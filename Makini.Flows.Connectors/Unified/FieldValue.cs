using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Makini.Flows.Connectors.Unified;

internal enum FieldValueKind : byte
{
    /// <summary>A value of the source record, written as it is (objects with their keys sorted).</summary>
    Element,

    /// <summary>A source number written as a string.</summary>
    NumberAsText,
    Text,
    Number,
    Integer,
    Boolean,
    Time,
}

/// <summary>One unified field's value on its way from the source record to the writer, without allocating.</summary>
internal readonly struct FieldValue
{
    private FieldValue(
        FieldValueKind kind,
        JsonElement element = default,
        string? text = null,
        decimal number = 0,
        long integer = 0,
        bool boolean = false,
        DateTime time = default,
        bool wrapped = false,
        bool textItems = false
    )
    {
        Kind = kind;
        Element = element;
        TextValue = text;
        NumberValue = number;
        IntegerValue = integer;
        BooleanValue = boolean;
        TimeValue = time;
        Wrapped = wrapped;
        TextItems = textItems;
    }

    public FieldValueKind Kind { get; }
    public JsonElement Element { get; }
    public string? TextValue { get; }
    public decimal NumberValue { get; }
    public long IntegerValue { get; }
    public bool BooleanValue { get; }
    public DateTime TimeValue { get; }

    /// <summary>Written inside a one-item array (a single value for an array field).</summary>
    public bool Wrapped { get; }

    /// <summary>An array whose scalar items are written as strings (<c>*Keys</c> fields).</summary>
    public bool TextItems { get; }

    public static FieldValue Of(JsonElement element) => new(FieldValueKind.Element, element);

    public static FieldValue NumberAsText(JsonElement number) =>
        new(FieldValueKind.NumberAsText, number);

    public static FieldValue Of(string text) => new(FieldValueKind.Text, text: text);

    public static FieldValue Of(decimal number) => new(FieldValueKind.Number, number: number);

    public static FieldValue Of(long integer) => new(FieldValueKind.Integer, integer: integer);

    public static FieldValue Of(bool boolean) => new(FieldValueKind.Boolean, boolean: boolean);

    public static FieldValue Of(DateTime time) => new(FieldValueKind.Time, time: time);

    public FieldValue InArray() =>
        new(
            Kind,
            Element,
            TextValue,
            NumberValue,
            IntegerValue,
            BooleanValue,
            TimeValue,
            wrapped: true
        );

    public FieldValue WithTextItems() => new(Kind, Element, textItems: true);

    /// <summary>The value as text (a key).</summary>
    public string AsText() =>
        Kind switch
        {
            FieldValueKind.Element when Element.ValueKind == JsonValueKind.String =>
                Element.GetString()!,
            FieldValueKind.Element or FieldValueKind.NumberAsText => Element.GetRawText(),
            FieldValueKind.Text => TextValue!,
            FieldValueKind.Number => NumberValue.ToString(CultureInfo.InvariantCulture),
            FieldValueKind.Integer => IntegerValue.ToString(CultureInfo.InvariantCulture),
            FieldValueKind.Boolean => BooleanValue ? "true" : "false",
            _ => UnifiedTime.Format(TimeValue),
        };

    public void WriteTo(Utf8JsonWriter writer)
    {
        if (Wrapped)
            writer.WriteStartArray();
        switch (Kind)
        {
            case FieldValueKind.Element when TextItems:
                writer.WriteStartArray();
                foreach (var item in Element.EnumerateArray())
                    WriteAsText(writer, item);
                writer.WriteEndArray();
                break;
            case FieldValueKind.Element:
                CanonicalJson.Write(writer, Element);
                break;
            case FieldValueKind.NumberAsText:
                writer.WriteStringValue(JsonMarshal.GetRawUtf8Value(Element));
                break;
            case FieldValueKind.Text:
                writer.WriteStringValue(TextValue);
                break;
            case FieldValueKind.Number:
                writer.WriteNumberValue(NumberValue);
                break;
            case FieldValueKind.Integer:
                writer.WriteNumberValue(IntegerValue);
                break;
            case FieldValueKind.Boolean:
                writer.WriteBooleanValue(BooleanValue);
                break;
            default:
                UnifiedTime.Write(writer, TimeValue);
                break;
        }
        if (Wrapped)
            writer.WriteEndArray();
    }

    private static void WriteAsText(Utf8JsonWriter writer, JsonElement item)
    {
        switch (item.ValueKind)
        {
            case JsonValueKind.Number:
                writer.WriteStringValue(JsonMarshal.GetRawUtf8Value(item));
                break;
            case JsonValueKind.True or JsonValueKind.False:
                writer.WriteStringValue(item.ValueKind == JsonValueKind.True ? "true" : "false");
                break;
            default:
                CanonicalJson.Write(writer, item);
                break;
        }
    }
}

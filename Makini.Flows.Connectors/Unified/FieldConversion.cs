using System.Globalization;
using System.Text.Json;

namespace Makini.Flows.Connectors.Unified;

/// <summary>A mapping rule's <c>type</c>: how the source value is read.</summary>
internal enum SourceType
{
    AsIs,
    String,
    Number,
    Integer,
    Boolean,
    DateTime,
    EpochSeconds,
    EpochMillis,
}

/// <summary>The unified field's type: what the value must become.</summary>
internal enum TargetType
{
    AsIs,
    String,
    Number,
    Integer,
    Boolean,
    DateTime,
    Array,
    Object,
}

internal enum Conversion
{
    Converted,

    /// <summary>Nothing to convert: the source holds no value (an epoch time of 0 is how many systems say "never").</summary>
    Absent,

    /// <summary>The value cannot be of the field's type.</summary>
    Failed,
}

/// <summary>
/// Reads a source value as the mapping rule's type, then coerces it to the unified field's type: numbers from
/// numeric text, text from numbers and booleans (ids become string keys), times from ISO text or epochs.
/// </summary>
internal static class FieldConversion
{
    public static Conversion Read(
        JsonElement source,
        SourceType type,
        string? format,
        out FieldValue value
    )
    {
        value = default;
        switch (type)
        {
            case SourceType.AsIs:
                value = FieldValue.Of(source);
                return Conversion.Converted;
            case SourceType.String:
                return ToText(FieldValue.Of(source), out value);
            case SourceType.Number:
                return ToNumber(FieldValue.Of(source), out value);
            case SourceType.Integer:
                return ToInteger(FieldValue.Of(source), out value);
            case SourceType.Boolean:
                return ToBoolean(FieldValue.Of(source), out value);
            case SourceType.DateTime:
                return ToTime(FieldValue.Of(source), format, out value);
            default:
                if (!TryDecimal(FieldValue.Of(source), out var epoch))
                    return Conversion.Failed;
                if (epoch == 0)
                    return Conversion.Absent;
                if (!UnifiedTime.TryFromEpoch(epoch, type == SourceType.EpochMillis, out var time))
                    return Conversion.Failed;
                value = FieldValue.Of(time);
                return Conversion.Converted;
        }
    }

    public static Conversion Coerce(
        in FieldValue read,
        TargetType target,
        string? format,
        bool textItems,
        out FieldValue value
    )
    {
        switch (target)
        {
            case TargetType.AsIs:
                value = read;
                return Conversion.Converted;
            case TargetType.String:
                return ToText(read, out value);
            case TargetType.Number:
                return ToNumber(read, out value);
            case TargetType.Integer:
                return ToInteger(read, out value);
            case TargetType.Boolean:
                return ToBoolean(read, out value);
            case TargetType.DateTime:
                return ToTime(read, format, out value);
            case TargetType.Array:
                return ToArray(read, textItems, out value);
            default:
                value = read;
                return IsElement(read, JsonValueKind.Object)
                    ? Conversion.Converted
                    : Conversion.Failed;
        }
    }

    private static Conversion ToText(in FieldValue read, out FieldValue value)
    {
        value = read;
        switch (read.Kind)
        {
            case FieldValueKind.Number or FieldValueKind.Integer or FieldValueKind.Boolean:
                value = FieldValue.Of(read.AsText());
                return Conversion.Converted;
            case not FieldValueKind.Element:
                return Conversion.Converted;
        }
        switch (read.Element.ValueKind)
        {
            case JsonValueKind.String:
                return Conversion.Converted;
            case JsonValueKind.Number:
                value = FieldValue.NumberAsText(read.Element);
                return Conversion.Converted;
            case JsonValueKind.True or JsonValueKind.False:
                value = FieldValue.Of(
                    read.Element.ValueKind == JsonValueKind.True ? "true" : "false"
                );
                return Conversion.Converted;
            default:
                return Conversion.Failed;
        }
    }

    private static Conversion ToNumber(in FieldValue read, out FieldValue value)
    {
        value = read;
        if (IsElement(read, JsonValueKind.Number))
            return Conversion.Converted;
        if (read.Kind is FieldValueKind.Number or FieldValueKind.Integer)
            return Conversion.Converted;
        if (read.Kind == FieldValueKind.NumberAsText)
        {
            value = FieldValue.Of(read.Element);
            return Conversion.Converted;
        }
        if (!IsText(read) || !TryDecimal(read, out var number))
            return Conversion.Failed;
        value = FieldValue.Of(number);
        return Conversion.Converted;
    }

    private static Conversion ToInteger(in FieldValue read, out FieldValue value)
    {
        value = read;
        if (read.Kind == FieldValueKind.Integer)
            return Conversion.Converted;
        if (read.Kind is FieldValueKind.Boolean or FieldValueKind.Time)
            return Conversion.Failed;
        if (IsElement(read, JsonValueKind.Number) && read.Element.TryGetInt64(out var whole))
        {
            value = FieldValue.Of(whole);
            return Conversion.Converted;
        }
        if (
            !IsElement(read, JsonValueKind.Object)
            && !IsElement(read, JsonValueKind.Array)
            && TryDecimal(read, out var number)
            && number == decimal.Truncate(number)
            && number is >= long.MinValue and <= long.MaxValue
        )
        {
            value = FieldValue.Of((long)number);
            return Conversion.Converted;
        }
        return Conversion.Failed;
    }

    private static Conversion ToBoolean(in FieldValue read, out FieldValue value)
    {
        value = read;
        bool? truth = read.Kind switch
        {
            FieldValueKind.Boolean => read.BooleanValue,
            FieldValueKind.Element when read.Element.ValueKind == JsonValueKind.True => true,
            FieldValueKind.Element when read.Element.ValueKind == JsonValueKind.False => false,
            FieldValueKind.Element when read.Element.ValueKind == JsonValueKind.String => Truth(
                read.Element.GetString()!
            ),
            FieldValueKind.Text => Truth(read.TextValue!),
            FieldValueKind.Time => null,
            _ when !IsElement(read, JsonValueKind.Object)
                    && !IsElement(read, JsonValueKind.Array)
                    && TryDecimal(read, out var number) => number switch
            {
                0 => false,
                1 => true,
                _ => null,
            },
            _ => null,
        };
        if (truth is not { } known)
            return Conversion.Failed;
        value = FieldValue.Of(known);
        return Conversion.Converted;
    }

    private static Conversion ToTime(in FieldValue read, string? format, out FieldValue value)
    {
        value = read;
        if (read.Kind == FieldValueKind.Time)
            return Conversion.Converted;
        DateTime time;
        var parsed = read.Kind switch
        {
            FieldValueKind.Element when read.Element.ValueKind == JsonValueKind.String =>
                UnifiedTime.TryRead(read.Element, format, out time),
            FieldValueKind.Text => UnifiedTime.TryRead(read.TextValue!, format, out time),
            _ => Unparsed(out time),
        };
        if (!parsed)
            return Conversion.Failed;
        value = FieldValue.Of(time);
        return Conversion.Converted;
    }

    private static Conversion ToArray(in FieldValue read, bool textItems, out FieldValue value)
    {
        if (IsElement(read, JsonValueKind.Array))
        {
            value = read;
            if (!textItems)
                return Conversion.Converted;
            foreach (var item in read.Element.EnumerateArray())
                if (
                    item.ValueKind
                    is not (
                        JsonValueKind.String
                        or JsonValueKind.Number
                        or JsonValueKind.True
                        or JsonValueKind.False
                    )
                )
                    return Conversion.Failed;
            value = read.WithTextItems();
            return Conversion.Converted;
        }
        if (!textItems)
        {
            value = read.InArray();
            return Conversion.Converted;
        }
        var converted = ToText(read, out var item1);
        value = item1.InArray();
        return converted;
    }

    private static bool TryDecimal(in FieldValue read, out decimal number)
    {
        number = 0;
        switch (read.Kind)
        {
            case FieldValueKind.Number:
                number = read.NumberValue;
                return true;
            case FieldValueKind.Integer:
                number = read.IntegerValue;
                return true;
            case FieldValueKind.Text:
                return Decimal(read.TextValue!, out number);
            case FieldValueKind.Element or FieldValueKind.NumberAsText:
                return read.Element.ValueKind switch
                {
                    JsonValueKind.Number => read.Element.TryGetDecimal(out number)
                        || Decimal(read.Element.GetRawText(), out number),
                    JsonValueKind.String => Decimal(read.Element.GetString()!, out number),
                    _ => false,
                };
            default:
                return false;
        }
    }

    private static bool Decimal(string text, out decimal number) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);

    private static bool? Truth(string text) =>
        text.Trim().ToLowerInvariant() switch
        {
            "true" or "yes" or "1" => true,
            "false" or "no" or "0" => false,
            _ => null,
        };

    private static bool IsText(in FieldValue read) =>
        read.Kind == FieldValueKind.Text
        || (read.Kind == FieldValueKind.Element && read.Element.ValueKind == JsonValueKind.String);

    private static bool IsElement(in FieldValue read, JsonValueKind kind) =>
        read.Kind == FieldValueKind.Element && read.Element.ValueKind == kind;

    private static bool Unparsed(out DateTime time)
    {
        time = default;
        return false;
    }
}

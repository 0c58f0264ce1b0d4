using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Flows.Engine.Values;

/// <summary>Converts JSON values to the CLR types activity inputs ask for, with clear errors.</summary>
public static class ValueConverter
{
    public static T To<T>(JsonNode? value, string inputName)
    {
        if (typeof(T) == typeof(JsonNode))
            return (T)(object)value!;
        if (value is null)
            return default!;
        object result = typeof(T) switch
        {
            var t when t == typeof(string) => ToText(value),
            var t when t == typeof(bool) => ToBoolean(value),
            var t when t == typeof(double) => ToNumber(value, inputName),
            var t when t == typeof(int) => checked((int)ToNumber(value, inputName)),
            var t when t == typeof(long) => checked((long)ToNumber(value, inputName)),
            var t when t == typeof(JsonArray) => value as JsonArray
                ?? throw Mismatch(inputName, "an array", value),
            var t when t == typeof(JsonObject) => value as JsonObject
                ?? throw Mismatch(inputName, "an object", value),
            var t when t == typeof(string[]) => ToStringArray(value, inputName),
            _ => throw new NotSupportedException($"input type {typeof(T).Name} is not supported"),
        };
        return (T)result;
    }

    public static JsonNode? From<T>(T value) =>
        value switch
        {
            null => null,
            JsonNode node => node,
            string s => JsonValue.Create(s),
            bool b => JsonValue.Create(b),
            int i => JsonValue.Create(i),
            long l => JsonValue.Create(l),
            double d => JsonValue.Create(d),
            _ => JsonSerializer.SerializeToNode(value),
        };

    /// <summary>Text of a value: strings as they are, everything else as compact JSON.</summary>
    public static string ToText(JsonNode? value) =>
        value switch
        {
            null => "",
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => value.ToJsonString(),
        };

    /// <summary>JavaScript truthiness, so a condition reads the same in the designer and at run time.</summary>
    public static bool ToBoolean(JsonNode? value) =>
        value?.GetValueKind() switch
        {
            null or JsonValueKind.Null or JsonValueKind.False => false,
            JsonValueKind.True => true,
            JsonValueKind.String => value!.GetValue<string>().Length > 0,
            JsonValueKind.Number => Numbers.GetDouble(value!) is var d
                && d != 0
                && !double.IsNaN(d),
            _ => true,
        };

    private static double ToNumber(JsonNode value, string inputName)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.Number:
                return Numbers.GetDouble(value);
            case JsonValueKind.String
                when double.TryParse(
                    value.GetValue<string>(),
                    NumberStyles.Float,
                    CultureInfo.InvariantCulture,
                    out var parsed
                ):
                return parsed;
            default:
                throw Mismatch(inputName, "a number", value);
        }
    }

    private static string[] ToStringArray(JsonNode value, string inputName)
    {
        if (value is not JsonArray array)
            throw Mismatch(inputName, "an array of strings", value);
        var result = new string[array.Count];
        for (var i = 0; i < array.Count; i++)
            result[i] = ToText(array[i]);
        return result;
    }

    private static InvalidOperationException Mismatch(
        string inputName,
        string expected,
        JsonNode value
    ) =>
        new(
            $"input '{inputName}' must be {expected}, but its value is {DataTypes.Describe(value)}"
        );
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Engine.Model;

namespace Makini.Flows.Engine.Values;

/// <summary>Maps CLR and JSON values onto <see cref="DataType"/>.</summary>
public static class DataTypes
{
    public static DataType Of(Type clrType) =>
        clrType switch
        {
            _ when clrType == typeof(string) => DataType.String,
            _ when clrType == typeof(bool) => DataType.Boolean,
            _ when clrType == typeof(int) || clrType == typeof(long) => DataType.Integer,
            _ when clrType == typeof(double) => DataType.Number,
            _ when clrType == typeof(JsonObject) => DataType.Object,
            _ when clrType == typeof(JsonArray) || clrType == typeof(string[]) => DataType.Array,
            _ => DataType.Any,
        };

    /// <summary>The JSON kind of a value, as users read it in messages.</summary>
    public static string Describe(JsonNode? value) =>
        value?.GetValueKind() switch
        {
            null or JsonValueKind.Null => "null",
            JsonValueKind.String => "string",
            JsonValueKind.Number => IsInteger(value!) ? "integer" : "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Object => "object",
            JsonValueKind.Array => "array",
            _ => "unknown",
        };

    /// <summary>Whether a value fits a type; null fits every type (absent value).</summary>
    public static bool Matches(DataType type, JsonNode? value)
    {
        if (value is null || type == DataType.Any)
            return true;
        var kind = value.GetValueKind();
        return type switch
        {
            DataType.String => kind == JsonValueKind.String,
            DataType.Number => kind == JsonValueKind.Number,
            DataType.Integer => kind == JsonValueKind.Number && IsInteger(value),
            DataType.Boolean => kind is JsonValueKind.True or JsonValueKind.False,
            DataType.Object => kind == JsonValueKind.Object,
            DataType.Array => kind == JsonValueKind.Array,
            _ => true,
        };
    }

    public static string Name(DataType type) => type.ToString().ToLowerInvariant();

    private static bool IsInteger(JsonNode value) =>
        Numbers.TryGetDouble(value, out var d) && Math.Floor(d) == d && !double.IsInfinity(d);
}

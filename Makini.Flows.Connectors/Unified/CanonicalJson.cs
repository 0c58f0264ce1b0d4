using System.Runtime.InteropServices;
using System.Text.Json;

namespace Makini.Flows.Connectors.Unified;

/// <summary>JSON written with every object's keys in ordinal order, so equal content gives equal bytes.</summary>
internal static class CanonicalJson
{
    public static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = element.EnumerateObject().ToList();
                properties.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                writer.WriteStartObject();
                foreach (var property in properties)
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                    Write(writer, item);
                writer.WriteEndArray();
                break;
            default:
                writer.WriteRawValue(
                    JsonMarshal.GetRawUtf8Value(element),
                    skipInputValidation: true
                );
                break;
        }
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Makini.Flows.Connectors.Manifests;

/// <summary>Reads one value or an array of them as a list; writes one value alone.</summary>
public sealed class OneOrManyConverter<T> : JsonConverter<IReadOnlyList<T>>
{
    public override IReadOnlyList<T> Read(
        ref Utf8JsonReader reader,
        Type typeToConvert,
        JsonSerializerOptions options
    )
    {
        if (reader.TokenType == JsonTokenType.StartArray)
            return JsonSerializer.Deserialize<List<T>>(ref reader, options) ?? [];
        var one =
            JsonSerializer.Deserialize<T>(ref reader, options)
            ?? throw new JsonException("expected a value, found null");
        return [one];
    }

    public override void Write(
        Utf8JsonWriter writer,
        IReadOnlyList<T> value,
        JsonSerializerOptions options
    )
    {
        if (value.Count == 1)
            JsonSerializer.Serialize(writer, value[0], options);
        else
            JsonSerializer.Serialize(writer, value.ToList(), options);
    }
}

using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Makini.Flows.Engine.Serialization;

/// <summary>
/// Reads an integer of the model (<c>settings.retainRunsDays</c>...) from any number whose value is whole, however it
/// is written: <c>100</c>, <c>100.0</c>, <c>1e2</c>, as JSON Schema counts integers (System.Text.Json alone refuses
/// the last two). A fraction (<c>1.5</c>) or a value beyond <typeparamref name="T"/> is refused; the schema check
/// says so first, with its pointer.
/// </summary>
public sealed class IntegralNumberConverter<T> : JsonConverter<T>
    where T : struct, IBinaryInteger<T>, ISignedNumber<T>, IMinMaxValue<T>
{
    public override T Read(
        ref Utf8JsonReader reader,
        Type typeToConvert,
        JsonSerializerOptions options
    )
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out var whole))
            {
                if (
                    whole >= long.CreateTruncating(T.MinValue)
                    && whole <= long.CreateTruncating(T.MaxValue)
                )
                    return T.CreateTruncating(whole);
            }
            // A signed T holds [MinValue, -MinValue): for a long, -MinValue is 2^63, the first double beyond it.
            else if (
                reader.TryGetDouble(out var number)
                && double.IsFinite(number)
                && Math.Floor(number) == number
                && number >= double.CreateTruncating(T.MinValue)
                && number < -double.CreateTruncating(T.MinValue)
            )
                return T.CreateTruncating(number);
        }
        // No message: System.Text.Json writes its own, with the path.
        throw new JsonException();
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(long.CreateTruncating(value));
}

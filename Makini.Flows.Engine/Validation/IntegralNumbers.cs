using Newtonsoft.Json.Linq;

namespace Makini.Flows.Engine.Validation;

/// <summary>
/// JSON Schema counts every number whose value is whole as an integer, however it is written (<c>1.0</c>,
/// <c>1e2</c>); the reader of the text keeps those as floats, which the schema validator refuses where the schema says
/// <c>"type": "integer"</c>. Before the schema is checked they become the integers they are (in the checked copy
/// only: the model is read from the text, <see cref="Serialization.IntegralNumberConverter{T}"/>). A fraction stays
/// a float, and is refused with its pointer.
/// </summary>
internal static class IntegralNumbers
{
    // 2^63: the first double beyond a long (long.MaxValue itself is not a double).
    private const double BeyondLong = 9223372036854775808d;

    public static void AsIntegers(JToken document)
    {
        foreach (var token in SchemaProblems.Tokens(document))
            if (
                token is JValue { Type: JTokenType.Float, Value: double number } value
                && double.IsFinite(number)
                && Math.Floor(number) == number
                && number >= -BeyondLong
                && number < BeyondLong
            )
                value.Value = (long)number;
    }
}

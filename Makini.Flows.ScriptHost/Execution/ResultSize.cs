using System.Text.Json;

namespace Makini.Flows.ScriptHost.Execution;

/// <summary>
/// Checks a script's result as written, before the server parses it: at most so many JSON values, and no
/// deeper than the server reads results (JsonNode's default depth).
/// </summary>
internal static class ResultSize
{
    public const int MaxDepth = 64;

    public static void Check(ReadOnlySpan<byte> json, int maxValues)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        var values = 0;
        try
        {
            while (reader.Read())
                if (
                    reader.TokenType
                        is not (JsonTokenType.EndObject or JsonTokenType.EndArray)
                            and not JsonTokenType.PropertyName
                    && ++values > maxValues
                )
                    throw new ScriptLimitException(
                        $"script result has more than {maxValues:N0} JSON values; the limit is {maxValues:N0}"
                    );
        }
        catch (JsonException)
        {
            throw new ScriptLimitException(
                $"script result is nested deeper than {MaxDepth} levels; the limit is {MaxDepth}"
            );
        }
    }
}

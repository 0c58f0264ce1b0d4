using System.Text.Json;

namespace Makini.Flows.ScriptHost.Execution;

/// <summary>
/// Checks a script's result as written, before the server parses it: at most so many bytes and JSON values, and no
/// deeper than the server reads results (JsonNode's default depth).
/// </summary>
internal static class ResultSize
{
    public const int MaxDepth = 64;

    public static void Check(ReadOnlySpan<byte> json, int maxValues, int maxBytes)
    {
        if (json.Length > maxBytes)
            throw new ScriptLimitException(
                $"script result is {Size(json.Length)} of JSON; the limit is {Size(maxBytes)}"
            );
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

    private static string Size(long bytes) =>
        bytes < 1024 * 1024 ? $"{bytes / 1024.0:0.#} KB" : $"{bytes / (1024.0 * 1024):0.#} MB";
}

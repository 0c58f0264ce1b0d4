using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Engine.Values;

/// <summary>
/// Finds the strings of a JSON text that parse but cannot be read as text: bytes that are not UTF-8 and escaped
/// unpaired UTF-16 surrogates (<c>"\ud800"</c>). System.Text.Json parses both and fails only when the string is
/// read or written, which for a run's input is when the run is stored, after the work was done. One pass with
/// no allocation for a clean text; the pointer is worked out only for a text that has such a string.
/// </summary>
public static class UnreadableText
{
    /// <summary>
    /// Null when every string and property name of <paramref name="utf8Json"/> (already known to be well-formed
    /// JSON) reads as text; otherwise the JSON pointer of the first that does not, and why.
    /// </summary>
    public static (string Pointer, string Message)? Find(
        ReadOnlySpan<byte> utf8Json,
        int maxDepth = 64
    )
    {
        var options = new JsonReaderOptions { MaxDepth = maxDepth };
        var reader = new Utf8JsonReader(utf8Json, options);
        while (reader.Read())
            if (
                reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName
                && Problem(ref reader) is not null
            )
                return Locate(utf8Json, options);
        return null;
    }

    private static string? Problem(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
            return Utf8.IsValid(reader.ValueSpan) ? null : "is not valid UTF-8";
        try
        {
            _ = reader.GetString();
            return null;
        }
        catch (InvalidOperationException)
        {
            return Utf8.IsValid(reader.ValueSpan)
                ? "has an unpaired UTF-16 surrogate (\\ud800 to \\udfff without its pair)"
                : "is not valid UTF-8";
        }
    }

    /// <summary>The second, slower pass: the same walk, keeping the path to the string that does not read.</summary>
    private static (string Pointer, string Message) Locate(
        ReadOnlySpan<byte> utf8Json,
        JsonReaderOptions options
    )
    {
        var reader = new Utf8JsonReader(utf8Json, options);
        var path = new List<(bool IsArray, int Index, string? Name)>();
        string? pendingName = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    if (Problem(ref reader) is { } nameProblem)
                        return (Pointer(path, ofContainer: true), $"a property name {nameProblem}");
                    pendingName = reader.GetString();
                    continue;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    Advance(path, pendingName);
                    path.Add((reader.TokenType == JsonTokenType.StartArray, -1, null));
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    path.RemoveAt(path.Count - 1);
                    break;
                default:
                    Advance(path, pendingName);
                    if (
                        reader.TokenType == JsonTokenType.String
                        && Problem(ref reader) is { } problem
                    )
                        return (Pointer(path, ofContainer: false), $"the text {problem}");
                    break;
            }
            pendingName = null;
        }
        return ("", "the text is not valid UTF-8");
    }

    /// <summary>A value starts inside its container: the array's next index, or the object's property.</summary>
    private static void Advance(List<(bool IsArray, int Index, string? Name)> path, string? name)
    {
        if (path.Count == 0)
            return;
        var last = path[^1];
        path[^1] = last.IsArray ? last with { Index = last.Index + 1 } : last with { Name = name };
    }

    /// <summary>The pointer of the current value, or of its container (for a property name).</summary>
    private static string Pointer(
        List<(bool IsArray, int Index, string? Name)> path,
        bool ofContainer
    )
    {
        var pointer = new StringBuilder();
        foreach (var (isArray, index, name) in ofContainer ? path[..^1] : path)
            if (isArray ? index >= 0 : name is not null)
                pointer.Append('/').Append(isArray ? index.ToString() : JsonPointer.Escape(name!));
        return pointer.ToString();
    }
}

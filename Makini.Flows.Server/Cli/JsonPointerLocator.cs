using System.Text;
using System.Text.Json;

namespace Makini.Flows.Server.Cli;

/// <summary>Where a JSON pointer is in a document's text, to print problems with a line and a column.</summary>
public static class JsonPointerLocator
{
    /// <summary>
    /// The 1-based line and column of the value at the pointer (of its property name, for an object member); for a
    /// pointer that does not exist (a missing property), those of its nearest existing parent; null for invalid JSON.
    /// </summary>
    public static (int Line, int Column)? Find(string json, string pointer)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var positions = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            Walk(bytes, positions);
        }
        catch (JsonException)
        {
            return null;
        }
        var target = pointer;
        while (!positions.ContainsKey(target))
        {
            if (target.Length == 0)
                return null;
            target = target[..target.LastIndexOf('/')];
        }
        return LineAndColumn(bytes, positions[target]);
    }

    private static void Walk(byte[] bytes, Dictionary<string, long> positions)
    {
        var reader = new Utf8JsonReader(
            bytes,
            new JsonReaderOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            }
        );
        // Each open container: its pointer, the next array index (-1 for objects), the pending property.
        var stack = new Stack<(string Pointer, int Index)>();
        string? property = null;
        long propertyStart = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                property = reader.GetString()!.Replace("~", "~0").Replace("/", "~1");
                propertyStart = reader.TokenStartIndex;
                continue;
            }
            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                stack.Pop();
                continue;
            }
            string here;
            long start;
            if (stack.Count == 0)
                (here, start) = ("", reader.TokenStartIndex);
            else if (stack.Peek().Index < 0)
                (here, start) = ($"{stack.Peek().Pointer}/{property}", propertyStart);
            else
            {
                var (parent, index) = stack.Pop();
                stack.Push((parent, index + 1));
                (here, start) = ($"{parent}/{index}", reader.TokenStartIndex);
            }
            positions.TryAdd(here, start);
            if (reader.TokenType == JsonTokenType.StartObject)
                stack.Push((here, -1));
            else if (reader.TokenType == JsonTokenType.StartArray)
                stack.Push((here, 0));
        }
    }

    private static (int Line, int Column) LineAndColumn(byte[] bytes, long offset)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < offset; i++)
        {
            if (bytes[i] == '\n')
            {
                line++;
                column = 1;
            }
            else if ((bytes[i] & 0xC0) != 0x80) // not a UTF-8 continuation byte
                column++;
        }
        return (line, column);
    }
}

using System.Text;
using System.Text.Json;

namespace Makini.Flows.Connectors.Unified;

/// <summary>An RFC 6901 pointer into a source record, its tokens encoded once for every record it reads.</summary>
internal sealed class SourcePointer
{
    private readonly byte[][] _names;
    private readonly int[] _indexes;

    private SourcePointer(string text, string[] tokens)
    {
        Text = text;
        _names = tokens.Select(Encoding.UTF8.GetBytes).ToArray();
        _indexes = tokens
            .Select(t => int.TryParse(t, out var index) && index >= 0 ? index : -1)
            .ToArray();
    }

    public string Text { get; }

    public static SourcePointer Parse(string pointer)
    {
        if (pointer.Length > 0 && pointer[0] != '/')
            throw new ArgumentException(
                $"'{pointer}' is not a JSON pointer (it must start with /)",
                nameof(pointer)
            );
        var tokens =
            pointer.Length == 0
                ? []
                : pointer[1..].Split('/').Select(t => t.Replace("~1", "/").Replace("~0", "~"));
        return new SourcePointer(pointer, tokens.ToArray());
    }

    /// <summary>The first token's name (null for the whole record), looked up among a record's top-level fields.</summary>
    public byte[]? FirstName => _names.Length == 0 ? null : _names[0];

    /// <summary>The first token's place in the plan's <see cref="TopLevelFields"/>.</summary>
    public int Slot { get; set; } = -1;

    /// <summary>The value at the pointer, starting from the record's top-level fields; false when a step is missing.</summary>
    public bool TryFind(JsonElement record, JsonElement[] topLevel, out JsonElement value)
    {
        if (_names.Length == 0)
        {
            value = record;
            return true;
        }
        value = topLevel[Slot];
        if (value.ValueKind == JsonValueKind.Undefined)
            return false;
        for (var i = 1; i < _names.Length; i++)
        {
            if (
                value.ValueKind == JsonValueKind.Object
                && value.TryGetProperty(_names[i], out var property)
            )
                value = property;
            else if (
                value.ValueKind == JsonValueKind.Array
                && _indexes[i] >= 0
                && _indexes[i] < value.GetArrayLength()
            )
                value = value[_indexes[i]];
            else
            {
                value = default;
                return false;
            }
        }
        return true;
    }
}

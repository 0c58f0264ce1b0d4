using System.Runtime.InteropServices;
using System.Text.Json;

namespace Makini.Flows.Connectors.Unified;

/// <summary>
/// The top-level fields of a record that a plan's pointers start with, found in one pass over the record (a lookup
/// per field instead of a scan of the record per pointer), through a small hash table of their names.
/// </summary>
internal sealed class TopLevelFields
{
    private readonly byte[][] _names;
    private readonly int[] _table; // index of a name + 1; 0 is an empty bucket
    private readonly int _mask;

    public TopLevelFields(IReadOnlyList<byte[]> names)
    {
        _names = [.. names];
        var size = 8;
        while (size < names.Count * 2)
            size *= 2;
        _mask = size - 1;
        _table = new int[size];
        for (var i = 0; i < _names.Length; i++)
        {
            var bucket = Hash(_names[i]) & _mask;
            while (_table[bucket] != 0)
                bucket = (bucket + 1) & _mask;
            _table[bucket] = i + 1;
        }
    }

    public int Count => _names.Length;

    /// <summary>Fills <paramref name="found"/> with each name's value (default when the record has none).</summary>
    public void Find(JsonElement record, JsonElement[] found)
    {
        Array.Clear(found, 0, _names.Length);
        if (record.ValueKind != JsonValueKind.Object)
            return;
        foreach (var property in record.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(property);
            // A name written with escapes is compared unescaped (rare: JSON writers escape only what they must).
            var index = name.Contains((byte)'\\') ? Unescaped(property) : Lookup(name);
            if (index >= 0)
                found[index] = property.Value; // a repeated name: the last one wins, as JsonElement.GetProperty
        }
    }

    private int Lookup(ReadOnlySpan<byte> name)
    {
        for (var bucket = Hash(name) & _mask; ; bucket = (bucket + 1) & _mask)
        {
            var entry = _table[bucket];
            if (entry == 0)
                return -1;
            if (name.SequenceEqual(_names[entry - 1]))
                return entry - 1;
        }
    }

    private int Unescaped(JsonProperty property)
    {
        for (var i = 0; i < _names.Length; i++)
            if (property.NameEquals(_names[i]))
                return i;
        return -1;
    }

    private static int Hash(ReadOnlySpan<byte> name) =>
        name.Length == 0
            ? 0
            : name.Length * 31 + name[0] * 17 + name[^1] * 7 + name[name.Length / 2];
}

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>
/// An object a compiled script built: its properties in insertion order. It never holds a name JavaScript would
/// order differently (an array index) or treat specially (<c>__proto__</c>): setting one bails out.
/// </summary>
internal sealed class ScriptObject
{
    private const int IndexedFrom = 8;
    private MemberName[] _names;
    private object?[] _values;

    // Past a few properties (an object a loop fills with computed keys), names are found by hash, not by scanning.
    private Dictionary<string, int>? _index;

    /// <summary>An object literal's properties (the compiler checked its names).</summary>
    public ScriptObject(MemberName[] names, object?[] values)
    {
        _names = names;
        _values = values;
        Count = names.Length;
    }

    public ScriptObject()
        : this([], []) { }

    public int Count { get; private set; }

    public MemberName NameAt(int index) => _names[index];

    public object? ValueAt(int index) => _values[index];

    public bool TryGet(string name, out object? value)
    {
        var index = IndexOf(name);
        value = index >= 0 ? _values[index] : null;
        return index >= 0;
    }

    /// <summary>
    /// Sets a property as assignment does: an existing one keeps its place. A name found at or past
    /// <paramref name="addedFrom"/> was added since (a repeated name when copying a parsed object), and bails out.
    /// Returns whether the property is new.
    /// </summary>
    public bool Set(string name, object? value, int addedFrom = int.MaxValue)
    {
        var index = IndexOf(name);
        if (index >= addedFrom)
            throw ScriptBailout.Instance;
        if (index < 0)
            return Add(MemberName.OfValue(name), value);
        _values[index] = value;
        return false;
    }

    /// <summary>Sets a property as assignment does; returns whether it is new.</summary>
    public bool Set(MemberName name, object? value)
    {
        var index = IndexOf(name.Text);
        if (index < 0)
            return Add(name, value);
        _values[index] = value;
        return false;
    }

    private bool Add(MemberName name, object? value)
    {
        if (ScriptMembers.IsArrayIndexName(name.Text) || name.Text == "__proto__")
            throw ScriptBailout.Instance;
        if (Count == _names.Length)
        {
            var capacity = Math.Max(4, Count * 2);
            Array.Resize(ref _names, capacity);
            Array.Resize(ref _values, capacity);
        }
        _names[Count] = name;
        _values[Count] = value;
        _index?.Add(name.Text, Count);
        if (++Count == IndexedFrom)
        {
            _index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < Count; i++)
                _index.Add(_names[i].Text, i);
        }
        return true;
    }

    private int IndexOf(string name)
    {
        if (_index is not null)
            return _index.TryGetValue(name, out var found) ? found : -1;
        for (var i = 0; i < Count; i++)
            if (string.Equals(_names[i].Text, name, StringComparison.Ordinal))
                return i;
        return -1;
    }
}

using static Makini.Flows.Engine.Expressions.JavaScript.Compiled.ScriptValues;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>
/// A <c>Set</c> the script built, of primitives only (objects are told apart by identity, which the two engines
/// do not share: adding one hands over): insertion order, SameValueZero (<c>NaN</c> equals itself, -0 is 0).
/// It is never a result; writing it hands over.
/// </summary>
internal sealed class ScriptSet
{
    private readonly List<object?> _items = [];
    private readonly HashSet<object?> _seen = new(SameValueZeroComparer.Instance);

    public IReadOnlyList<object?> Items => _items;

    public static ScriptSet Of(ScriptFrame frame, object? source)
    {
        var set = new ScriptSet();
        if (!IsNullish(source))
            foreach (var item in ArrayMethods.Items(source))
                set.Add(item);
        frame.CountElements(set._items.Count);
        return set;
    }

    public ScriptSet Add(object? value)
    {
        if (!IsPrimitive(value))
            throw ScriptBailout.Instance;
        if (_seen.Add(value is -0d ? 0d : value))
            _items.Add(value is -0d ? 0d : value);
        return this;
    }

    public bool Has(object? value) => IsPrimitive(value) && _seen.Contains(value);

    private sealed class SameValueZeroComparer : IEqualityComparer<object?>
    {
        public static readonly SameValueZeroComparer Instance = new();

        public new bool Equals(object? x, object? y) => SameValueZero(x, y);

        public int GetHashCode(object? value) =>
            value switch
            {
                double d when d == 0 => 0,
                null => 1,
                _ => value.GetHashCode(),
            };
    }
}

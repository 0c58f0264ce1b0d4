using static Makini.Flows.Engine.Expressions.JavaScript.Compiled.ScriptValues;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>
/// <c>sort</c> and <c>toSorted</c>: stable, undefined last; without a comparator by the elements' strings in
/// UTF-16 code units. A comparator that is not consistent (<c>() =&gt; 1</c>, or <c>a &lt; b ? -1 : 1</c> on
/// equal keys) leaves an order that depends on the sorting algorithm, so the sorted neighbours are checked
/// both ways and any disagreement hands over to Jint.
/// </summary>
internal static class ArraySorting
{
    public static ScriptArray Sort(ScriptFrame frame, ScriptArray array, ScriptCallback? compare)
    {
        if (array.Count <= 1)
            return array;
        var changes = array.Changes;
        var sorted = compare is null ? ByText(array) : ByComparator(frame, array, compare);
        ArrayMethods.Unchanged(array, changes);
        array.Changed();
        for (var i = 0; i < sorted.Count; i++)
            array[i] = sorted[i];
        return array;
    }

    private static List<object?> ByComparator(
        ScriptFrame frame,
        ScriptArray array,
        ScriptCallback compare
    )
    {
        var comparer = new CallbackComparer(frame, compare);
        var sorted = array.Order(comparer).ToList();
        for (var i = 1; i < sorted.Count; i++)
            if (
                comparer.Compare(sorted[i - 1], sorted[i]) is var forward
                && (forward > 0 || comparer.Compare(sorted[i], sorted[i - 1]) != -forward)
            )
                throw ScriptBailout.Instance;
        return sorted;
    }

    private static List<object?> ByText(ScriptArray array)
    {
        var keys = array.Select(item => item == Undefined ? null : ToText(item)).ToArray();
        var order = Enumerable.Range(0, array.Count).ToArray();
        Array.Sort(
            order,
            (a, b) =>
                (keys[a], keys[b]) switch
                {
                    (null, null) => a - b,
                    (null, _) => 1,
                    (_, null) => -1,
                    var (x, y) => string.CompareOrdinal(x, y) is var c and not 0 ? c : a - b,
                }
        );
        return order.Select(i => array[i]).ToList();
    }

    private sealed class CallbackComparer(ScriptFrame frame, ScriptCallback compare)
        : IComparer<object?>
    {
        public int Compare(object? x, object? y)
        {
            if (x == Undefined)
                return y == Undefined ? 0 : 1;
            if (y == Undefined)
                return -1;
            var result = ToNumber(compare.Call(frame, x, y, Undefined));
            return double.IsNaN(result) ? 0 : Math.Sign(result);
        }
    }
}

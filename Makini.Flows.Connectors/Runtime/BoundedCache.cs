namespace Makini.Flows.Connectors.Runtime;

/// <summary>
/// A small least-recently-used map, so per-connection state (sessions, rate limits) stays bounded however many
/// connections there are: a dropped entry only costs a new login or a fresh rate window.
/// </summary>
internal sealed class BoundedCache<TValue>(int capacity)
    where TValue : class
{
    private readonly Dictionary<string, LinkedListNode<(string Key, TValue Value)>> _map = new(
        StringComparer.Ordinal
    );
    private readonly LinkedList<(string Key, TValue Value)> _order = new();
    private readonly Lock _lock = new();

    public TValue GetOrAdd(string key, Func<TValue> create)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                return node.Value.Value;
            }
            var value = create();
            _map[key] = _order.AddFirst((key, value));
            while (_map.Count > capacity && _order.Last is { } last)
            {
                _order.RemoveLast();
                _map.Remove(last.Value.Key);
            }
            return value;
        }
    }

    public void Remove(string key)
    {
        lock (_lock)
            if (_map.Remove(key, out var node))
                _order.Remove(node);
    }

    public int Count
    {
        get
        {
            lock (_lock)
                return _map.Count;
        }
    }
}

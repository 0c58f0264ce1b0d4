namespace Makini.Flows.Connectors.Demo;

/// <summary>
/// SplitMix64: the same numbers from the same seed on every machine and .NET version (System.Random promises neither),
/// so every server node computes the same demo data.
/// </summary>
public struct DemoRandom(ulong seed)
{
    private ulong _state = seed;

    /// <summary>A generator for one thing (an entity, a record, a field), derived from the seed and its keys.</summary>
    public static DemoRandom For(long seed, params ReadOnlySpan<long> keys) =>
        new(Hash(seed, keys));

    public static ulong Hash(long seed, params ReadOnlySpan<long> keys)
    {
        var state = Mix((ulong)seed);
        foreach (var key in keys)
            state = Mix(state ^ Mix((ulong)key + 0x9E3779B97F4A7C15UL));
        return state;
    }

    public ulong NextULong()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>0 &lt;= value &lt; max.</summary>
    public int Next(int max) => (int)(NextULong() % (ulong)max);

    /// <summary>min &lt;= value &lt;= max.</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    public long Between(long min, long max) => min + (long)(NextULong() % (ulong)(max - min + 1));

    /// <summary>0 &lt;= value &lt; 1.</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>An item chosen with the given weights (any positive numbers).</summary>
    public T Weighted<T>(params ReadOnlySpan<(T Item, int Weight)> choices)
    {
        var total = 0;
        foreach (var choice in choices)
            total += choice.Weight;
        var roll = Next(total);
        foreach (var choice in choices)
        {
            if (roll < choice.Weight)
                return choice.Item;
            roll -= choice.Weight;
        }
        return choices[^1].Item;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

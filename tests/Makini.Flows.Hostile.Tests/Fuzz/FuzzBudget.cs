using System.Diagnostics;

namespace Makini.Flows.Hostile.Tests.Fuzz;

/// <summary>
/// How much one family of the fuzz test tries, and with which seed, so that a failure can be replayed:
/// <c>MAKINI_FUZZ_SEED</c> (default fixed), <c>MAKINI_FUZZ_SECONDS</c> per family (default 12, which keeps the
/// class within a minute in CI; raise it for a longer hunt). Every case is drawn from the seed alone, so the
/// same seed sends the same requests in the same order.
/// </summary>
public sealed class FuzzBudget
{
    private const int DefaultSeed = 20261207;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TimeSpan _time;

    public FuzzBudget(string family)
    {
        Family = family;
        Seed = int.TryParse(Environment.GetEnvironmentVariable("MAKINI_FUZZ_SEED"), out var seed)
            ? seed
            : DefaultSeed;
        _time = TimeSpan.FromSeconds(
            double.TryParse(Environment.GetEnvironmentVariable("MAKINI_FUZZ_SECONDS"), out var s)
                ? s
                : 12
        );
        Random = new Random(Seed ^ StableHash(family));
    }

    public string Family { get; }

    public int Seed { get; }

    public Random Random { get; }

    public int Cases { get; private set; }

    /// <summary>True while there is time for one more case; counts it.</summary>
    public bool Next()
    {
        if (_clock.Elapsed >= _time)
            return false;
        Cases++;
        return true;
    }

    /// <summary>What a failure message starts with, to replay it.</summary>
    public string Where => $"{Family} case {Cases} (MAKINI_FUZZ_SEED={Seed})";

    public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];

    public bool Chance(double probability) => Random.NextDouble() < probability;

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
            hash = hash * 31 + c;
        return hash;
    }
}

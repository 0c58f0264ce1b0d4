namespace Makini.Flows.Connectors.Demo;

/// <summary>
/// The plans of the latest orders, kept so a list does not decide 2,000 lives again for every page: a fixed ring by
/// number (plans never change, so a slot holding another number is simply replaced). Bounded whatever time does.
/// </summary>
internal sealed class DemoPlanCache<TPlan>(Func<long, TPlan> plan)
    where TPlan : class
{
    private const int Size = 4096;

    // Entries are objects, so a slot is written and read whole by concurrent requests.
    private sealed record Entry(long Number, TPlan Plan);

    private readonly Entry?[] _slots = new Entry?[Size];

    public TPlan Get(long number)
    {
        var slot = (int)(number & (Size - 1));
        if (Volatile.Read(ref _slots[slot]) is { } held && held.Number == number)
            return held.Plan;
        var made = plan(number);
        Volatile.Write(ref _slots[slot], new Entry(number, made));
        return made;
    }
}

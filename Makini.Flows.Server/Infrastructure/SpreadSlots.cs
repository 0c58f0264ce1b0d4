using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Makini.Flows.Server.Infrastructure;

/// <summary>
/// Recurring work spread evenly over its interval: each id keeps its own offset within the interval, taken from a
/// hash of the id, so that 10,000 connections due every 15 minutes are not all due at once.
/// </summary>
public static class SpreadSlots
{
    /// <summary>
    /// The id's next slot strictly after <paramref name="after"/>, in whole microseconds (what PostgreSQL keeps);
    /// <paramref name="shift"/> moves every slot of the id later by that much (within the interval).
    /// </summary>
    public static DateTime Next(
        string id,
        TimeSpan interval,
        DateTime after,
        TimeSpan shift = default
    )
    {
        var ticks = interval.Ticks;
        var microseconds = (ulong)(ticks / 10);
        var shiftMicroseconds = (ulong)(shift.Ticks / 10) % microseconds;
        var offset = (long)((Hash(id) % microseconds + shiftMicroseconds) % microseconds) * 10;
        var due = after.Ticks - after.Ticks % ticks + offset;
        if (due <= after.Ticks)
            due += ticks;
        return new DateTime(due, DateTimeKind.Utc);
    }

    private static ulong Hash(string id) =>
        BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
}

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
    /// <summary>The id's next slot strictly after <paramref name="after"/>, in whole microseconds (what PostgreSQL keeps).</summary>
    public static DateTime Next(string id, TimeSpan interval, DateTime after)
    {
        var ticks = interval.Ticks;
        var offset = (long)(Hash(id) % (ulong)(ticks / 10)) * 10;
        var due = after.Ticks - after.Ticks % ticks + offset;
        if (due <= after.Ticks)
            due += ticks;
        return new DateTime(due, DateTimeKind.Utc);
    }

    private static ulong Hash(string id) =>
        BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
}

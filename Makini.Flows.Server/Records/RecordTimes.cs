using System.Globalization;

namespace Makini.Flows.Server.Records;

/// <summary>Times as the records store keeps them: UTC, and written into unified records as ISO 8601 with a Z.</summary>
public static class RecordTimes
{
    public static DateTime Utc(DateTime time) =>
        time.Kind switch
        {
            DateTimeKind.Utc => time,
            DateTimeKind.Local => time.ToUniversalTime(),
            _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        };

    public static DateTime? Utc(DateTime? time) => time is { } value ? Utc(value) : null;

    /// <summary><c>2024-05-01T08:30:00Z</c>, with the fraction of a second only when there is one.</summary>
    public static string Iso(DateTime time)
    {
        var utc = Utc(time);
        return utc.ToString(
            utc.Ticks % TimeSpan.TicksPerSecond == 0
                ? "yyyy-MM-dd'T'HH:mm:ss'Z'"
                : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
            CultureInfo.InvariantCulture
        );
    }

    /// <summary>How EF Core's SQLite provider stores a <see cref="DateTime"/>: compared as text in raw SQL.</summary>
    public static string SqliteText(DateTime time) =>
        Utc(time).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
}

using System.Globalization;

namespace Makini.Flows.Server.Records;

/// <summary>Times as the records store keeps them: UTC, and written into unified records as the unified model does.</summary>
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

    /// <summary>As the unified model writes times: UTC with milliseconds, <c>2024-05-01T08:30:00.000Z</c>.</summary>
    public static string Iso(DateTime time) =>
        Utc(time).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>How EF Core's SQLite provider stores a <see cref="DateTime"/>: compared as text in raw SQL.</summary>
    public static string SqliteText(DateTime time) =>
        Utc(time).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
}

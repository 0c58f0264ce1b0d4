using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Makini.Flows.Connectors.Unified;

/// <summary>
/// Times in the unified model: read from ISO 8601 text (an offset converted, none taken as UTC), from a .NET date
/// format, or from epoch seconds or milliseconds; written as UTC with milliseconds, <c>2024-05-01T09:30:00.000Z</c>
/// (fixed width, so the text sorts as the time does).
/// </summary>
internal static class UnifiedTime
{
    private const DateTimeStyles Styles =
        DateTimeStyles.AssumeUniversal
        | DateTimeStyles.AdjustToUniversal
        | DateTimeStyles.AllowWhiteSpaces;

    private static readonly decimal MaxSeconds = (decimal)(
        (DateTime.MaxValue - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerSecond
    );
    private static readonly decimal MinSeconds = -(decimal)(
        (DateTime.UnixEpoch - DateTime.MinValue).Ticks / TimeSpan.TicksPerSecond
    );

    /// <summary>The current time as the unified model holds times (UTC, whole milliseconds).</summary>
    public static DateTime Now() => Truncated(DateTime.UtcNow);

    /// <summary>A JSON string read as a time.</summary>
    public static bool TryRead(JsonElement text, string? format, out DateTime utc)
    {
        // The fast path reads ISO text in place; escaped text (a "\u002B" for "+") is unescaped first.
        var raw = JsonMarshal.GetRawUtf8Value(text);
        if (
            format is null
            && !raw.Contains((byte)'\\')
            && text.TryGetDateTimeOffset(out var parsed)
        )
        {
            utc = Truncated(
                HasOffset(raw)
                    ? parsed.UtcDateTime
                    : DateTime.SpecifyKind(parsed.DateTime, DateTimeKind.Utc)
            );
            return true;
        }
        return TryRead(text.GetString()!, format, out utc);
    }

    public static bool TryRead(string text, string? format, out DateTime utc)
    {
        var read = format is null
            ? DateTime.TryParse(text, CultureInfo.InvariantCulture, Styles, out var time)
            : DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, Styles, out time);
        utc = read ? Truncated(DateTime.SpecifyKind(time, DateTimeKind.Utc)) : default;
        return read;
    }

    /// <summary>An epoch time; false when out of range.</summary>
    public static bool TryFromEpoch(decimal value, bool milliseconds, out DateTime utc)
    {
        var seconds = milliseconds ? value / 1000m : value;
        if (seconds < MinSeconds || seconds > MaxSeconds)
        {
            utc = default;
            return false;
        }
        var ticks = (long)decimal.Truncate(seconds * TimeSpan.TicksPerSecond);
        utc = Truncated(DateTime.UnixEpoch.AddTicks(ticks));
        return true;
    }

    public static string Format(DateTime utc) =>
        string.Create(
            Length,
            utc,
            static (chars, time) =>
            {
                Span<byte> text = stackalloc byte[Length];
                Write(text, time);
                for (var i = 0; i < Length; i++)
                    chars[i] = (char)text[i];
            }
        );

    /// <summary>The time as a JSON string value.</summary>
    public static void Write(Utf8JsonWriter writer, DateTime utc)
    {
        Span<byte> value = stackalloc byte[Length + 2];
        value[0] = (byte)'"';
        Write(value[1..], utc);
        value[^1] = (byte)'"';
        writer.WriteRawValue(value, skipInputValidation: true);
    }

    private const int Length = 24; // yyyy-MM-ddTHH:mm:ss.fffZ

    private static void Write(Span<byte> text, DateTime utc)
    {
        var (year, month, day) = utc;
        Two(text, year / 100);
        Two(text[2..], year % 100);
        text[4] = (byte)'-';
        Two(text[5..], month);
        text[7] = (byte)'-';
        Two(text[8..], day);
        text[10] = (byte)'T';
        Two(text[11..], utc.Hour);
        text[13] = (byte)':';
        Two(text[14..], utc.Minute);
        text[16] = (byte)':';
        Two(text[17..], utc.Second);
        text[19] = (byte)'.';
        var millisecond = utc.Millisecond;
        text[20] = (byte)('0' + millisecond / 100);
        Two(text[21..], millisecond % 100);
        text[23] = (byte)'Z';
    }

    private static void Two(Span<byte> target, int value)
    {
        target[0] = (byte)('0' + value / 10);
        target[1] = (byte)('0' + value % 10);
    }

    private static DateTime Truncated(DateTime utc) =>
        new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

    // The raw JSON string (quotes included): an offset is a Z or a sign after the time's T.
    private static bool HasOffset(ReadOnlySpan<byte> raw)
    {
        var t = raw.IndexOf((byte)'T');
        return t >= 0 && raw[t..].IndexOfAny("Zz+-"u8) >= 0;
    }
}

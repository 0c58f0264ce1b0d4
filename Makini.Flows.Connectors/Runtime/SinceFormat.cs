using System.Globalization;

namespace Makini.Flows.Connectors.Runtime;

/// <summary>Writes the incremental watermark the way a source wants it.</summary>
internal static class SinceFormat
{
    public static object Format(DateTimeOffset since, string format) =>
        format switch
        {
            "iso8601" => since.UtcDateTime.ToString(
                "yyyy-MM-dd'T'HH:mm:ss'Z'",
                CultureInfo.InvariantCulture
            ),
            "epochSeconds" => since.ToUnixTimeSeconds(),
            "epochMillis" => since.ToUnixTimeMilliseconds(),
            _ => since.UtcDateTime.ToString(format, CultureInfo.InvariantCulture),
        };
}

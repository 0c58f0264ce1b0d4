using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Flows.Tests.Fakes;

/// <summary>How the vendors write and read times.</summary>
public static class FakeFormats
{
    /// <summary><c>2026-01-02T03:04:05.000Z</c>.</summary>
    public static string Iso(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>An ISO 8601 time with or without an offset (none means UTC), or null.</summary>
    public static DateTimeOffset? ParseIso(string? text) =>
        DateTimeOffset.TryParse(
            text,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out var moment
        )
            ? moment
            : null;

    /// <summary>A time read from a record field: ISO text, or a number of epoch seconds or milliseconds.</summary>
    public static DateTimeOffset Read(JsonNode? node, bool millis = false) =>
        node?.GetValueKind() switch
        {
            JsonValueKind.Number
                when long.Parse(node.ToJsonString(), CultureInfo.InvariantCulture) is var number =>
                millis
                    ? DateTimeOffset.FromUnixTimeMilliseconds(number)
                    : DateTimeOffset.FromUnixTimeSeconds(number),
            JsonValueKind.String => ParseIso(node.GetValue<string>())
                ?? throw new FormatException($"'{node.GetValue<string>()}' is not a time"),
            _ => throw new FormatException($"{node?.ToJsonString() ?? "null"} is not a time"),
        };

    /// <summary>A whole number however the node holds it (records are built with ints and longs).</summary>
    public static long Long(JsonNode? node) =>
        long.Parse(
            node?.ToJsonString() ?? throw new FormatException("null is not a number"),
            CultureInfo.InvariantCulture
        );
}

using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Makini.Flows.Connectors.Demo;

/// <summary>How the Demo CMMS writes JSON: camelCase, nulls kept, times in UTC to the second (<c>2026-05-01T08:30:00Z</c>).</summary>
public static class DemoJson
{
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new UtcSecondsConverter() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Text as a vendor's API would write it (<c>+1-937...</c>, <c>Klüber</c>, <c>&amp;</c>), never in HTML.</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private sealed class UtcSecondsConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(
            ref Utf8JsonReader reader,
            Type typeToConvert,
            JsonSerializerOptions options
        ) => reader.GetDateTimeOffset();

        public override void Write(
            Utf8JsonWriter writer,
            DateTimeOffset value,
            JsonSerializerOptions options
        ) => writer.WriteStringValue(Time(value));
    }
}

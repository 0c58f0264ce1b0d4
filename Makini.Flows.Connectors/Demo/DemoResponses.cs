using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Makini.Flows.Connectors.Demo;

/// <summary>The Demo CMMS's answers: JSON bodies, and its error shape <c>{"error": code, "message": text}</c>.</summary>
internal static class DemoResponses
{
    public static HttpResponseMessage Json(HttpStatusCode status, Action<Utf8JsonWriter> write)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, DemoJson.WriterOptions))
            write(writer);
        var content = new ByteArrayContent(buffer.GetBuffer(), 0, (int)buffer.Length);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json")
        {
            CharSet = Encoding.UTF8.WebName,
        };
        return new HttpResponseMessage(status) { Content = content };
    }

    public static HttpResponseMessage Object<T>(HttpStatusCode status, T value) =>
        Json(status, writer => JsonSerializer.Serialize(writer, value, DemoJson.Options));

    public static HttpResponseMessage Error(
        HttpStatusCode status,
        string error,
        string message,
        string? parameter = null
    ) =>
        Json(
            status,
            writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("error", error);
                writer.WriteString("message", message);
                if (parameter is not null)
                    writer.WriteString("parameter", parameter);
                writer.WriteEndObject();
            }
        );

    public static HttpResponseMessage Page(DemoPage page) =>
        Json(
            HttpStatusCode.OK,
            writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartArray("data");
                foreach (var record in page.Data)
                    JsonSerializer.Serialize(writer, record, record.GetType(), DemoJson.Options);
                writer.WriteEndArray();
                writer.WriteStartObject("meta");
                writer.WriteNumber("page", page.Page);
                writer.WriteNumber("per_page", page.PerPage);
                writer.WriteNumber("total", page.Total);
                writer.WriteNumber("last_page", page.LastPage);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
        );
}

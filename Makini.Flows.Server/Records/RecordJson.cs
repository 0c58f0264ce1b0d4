using System.Buffers;
using System.Text.Json;
using Makini.Flows.Connectors.Unified;
using Makini.Flows.Engine.Values;

namespace Makini.Flows.Server.Records;

/// <summary>
/// Writes the records API's answers straight from the stored JSON text: each record with its fields in the
/// unified schema's order (PostgreSQL's <c>jsonb</c> keeps its own key order), then any others.
/// </summary>
public sealed class RecordJson(Action<Utf8JsonWriter> write) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        await using (var json = new Utf8JsonWriter(buffer, JsonText.WriterOptions))
            write(json);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, httpContext.RequestAborted);
    }

    /// <summary><c>{"data": [...], "links": {...}, "meta": {...}}</c></summary>
    public static RecordJson Page(
        IReadOnlyList<string> records,
        RecordPaging paging,
        UnifiedEntity entity
    ) =>
        Page(
            paging,
            json =>
            {
                foreach (var record in records)
                    WriteRecord(json, record, entity);
            }
        );

    public static RecordJson Page(RecordPaging paging, Action<Utf8JsonWriter> writeItems) =>
        new(json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("data");
            writeItems(json);
            json.WriteEndArray();
            json.WriteStartObject("links");
            json.WriteString("first", paging.First);
            json.WriteString("last", paging.Last);
            WriteNullable(json, "prev", paging.Prev);
            WriteNullable(json, "next", paging.Next);
            json.WriteEndObject();
            json.WriteStartObject("meta");
            json.WriteNumber("current_page", paging.CurrentPage);
            WriteNullable(json, "from", paging.From);
            json.WriteNumber("last_page", paging.LastPage);
            json.WriteString("path", paging.Path);
            json.WriteNumber("per_page", paging.PerPage);
            WriteNullable(json, "to", paging.To);
            json.WriteNumber("total", paging.Total);
            json.WriteEndObject();
            json.WriteEndObject();
        });

    /// <summary><c>{"data": {...}}</c></summary>
    public static RecordJson One(string record, UnifiedEntity entity) =>
        new(json =>
        {
            json.WriteStartObject();
            json.WritePropertyName("data");
            WriteRecord(json, record, entity);
            json.WriteEndObject();
        });

    public static void WriteRecord(Utf8JsonWriter json, string record, UnifiedEntity entity)
    {
        using var document = JsonDocument.Parse(record);
        var root = document.RootElement;
        json.WriteStartObject();
        foreach (var name in entity.Fields.Keys)
            if (root.TryGetProperty(name, out var value))
            {
                json.WritePropertyName(name);
                value.WriteTo(json);
            }
        foreach (var property in root.EnumerateObject())
            if (!entity.Fields.ContainsKey(property.Name))
                property.WriteTo(json);
        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
            json.WriteNull(name);
        else
            json.WriteString(name, value);
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
            json.WriteNumber(name, number);
        else
            json.WriteNull(name);
    }
}

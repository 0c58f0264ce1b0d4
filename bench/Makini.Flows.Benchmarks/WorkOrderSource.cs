using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// A MaintainX-like source of any number of work orders, served by Kestrel on loopback in this process: cursor pages
/// of <c>/v1/workorders</c> (the cursor is the index of the page's first record, <c>limit</c> up to 1,000), each
/// record shaped as MaintainX answers it (26 fields, with the expanded asset, assignees and categories) and written
/// straight to the response as it is generated, so a million records cost the source no memory. The same index
/// always gives the same record, so a second sync reads the records unchanged. Under <c>/warm-up/v1</c> it serves the
/// first <see cref="WarmUpCount"/> of them, for a connection that warms the server up (JIT tiering) before measuring.
/// </summary>
internal sealed class WorkOrderSource(WebApplication app, DateTimeOffset now) : IAsyncDisposable
{
    public const string ApiKey = "mx_bench_5d1f0c";

    private static readonly string[] Statuses =
    [
        "OPEN",
        "OPEN",
        "IN_PROGRESS",
        "ON_HOLD",
        "DONE",
        "DONE",
        "DONE",
        "CANCELED",
    ];
    private static readonly string[] Priorities = ["NONE", "LOW", "MEDIUM", "MEDIUM", "HIGH"];
    private static readonly string[] Types = ["REACTIVE", "PREVENTIVE", "PREVENTIVE", "OTHER"];
    private static readonly string[] Categories =
    [
        "Mechanical",
        "Electrical",
        "Safety",
        "Inspection",
    ];
    private static readonly string[] Tasks =
    [
        "Replace pump seal on",
        "Inspect conveyor belt of",
        "Lubricate bearings of",
        "Calibrate pressure sensor on",
        "Check motor vibration of",
        "Replace air filter of",
    ];

    public const int WarmUpCount = 20_000;

    private long _served;

    /// <summary>What a user types as the instance URL.</summary>
    public string InstanceUrl => app.Urls.First() + "/v1";

    /// <summary>The same source with its first <see cref="WarmUpCount"/> records only.</summary>
    public string WarmUpUrl => app.Urls.First() + "/warm-up/v1";

    /// <summary>Records served so far.</summary>
    public long Served => Interlocked.Read(ref _served);

    public static async Task<WorkOrderSource> StartAsync(int count)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var now = DateTimeOffset.UtcNow;
        var source = new WorkOrderSource(
            app,
            new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero)
        );
        app.MapGet("/v1/workorders", context => source.PageAsync(context, count));
        app.MapGet(
            "/warm-up/v1/workorders",
            context => source.PageAsync(context, Math.Min(count, WarmUpCount))
        );
        foreach (var prefix in new[] { "/v1", "/warm-up/v1" })
            app.MapGet(
                prefix + "/users",
                () => Results.Json(new { users = Array.Empty<object>() })
            );
        await app.StartAsync();
        return source;
    }

    private async Task PageAsync(HttpContext context, int count)
    {
        if (context.Request.Headers.Authorization.ToString() != "Bearer " + ApiKey)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        var query = context.Request.Query;
        var first = int.TryParse(query["cursor"], CultureInfo.InvariantCulture, out var cursor)
            ? cursor
            : 0;
        var limit = int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var asked)
            ? Math.Clamp(asked, 1, 1000)
            : 100;
        var end = Math.Min(count, first + limit);
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        json.WriteStartObject();
        json.WriteStartArray("workOrders");
        for (var i = first; i < end; i++)
        {
            WriteWorkOrder(json, i);
            if (json.BytesPending > 32_768)
                await json.FlushAsync(context.RequestAborted);
        }
        json.WriteEndArray();
        if (end < count)
            json.WriteString("nextCursor", end.ToString(CultureInfo.InvariantCulture));
        else
            json.WriteNull("nextCursor");
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
        Interlocked.Add(ref _served, end - first);
    }

    private void WriteWorkOrder(Utf8JsonWriter json, int i)
    {
        var random = new Random(i);
        var modified = now - TimeSpan.FromSeconds(random.Next(60, 80 * 24 * 3600));
        var created = modified - TimeSpan.FromHours(random.Next(1, 24 * 30));
        var due = created + TimeSpan.FromDays(random.Next(1, 30));
        var status = Statuses[random.Next(Statuses.Length)];
        var assignee = 3_100_000 + random.Next(400);
        var assetId = 5_200_000 + random.Next(20_000);
        var locationId = 9_100 + assetId % 40;
        var done = status == "DONE";

        json.WriteStartObject();
        json.WriteNumber("id", 700_001 + i);
        json.WriteNumber("sequentialId", 1_001 + i);
        json.WriteString("title", $"{Tasks[i % Tasks.Length]} asset {assetId}");
        json.WriteString("updatedAt", Iso(modified));
        json.WriteString("status", status);
        if (done)
        {
            json.WriteString("completedAt", Iso(modified));
            json.WriteNumber("completerId", assignee);
        }
        else
        {
            json.WriteNull("completedAt");
            json.WriteNull("completerId");
        }
        json.WriteString("createdAt", Iso(created));
        json.WriteNumber("creatorId", 3_100_000 + i % 4);
        json.WriteNull("deletedAt");
        json.WriteString(
            "description",
            "Reported by the operator during the morning round: isolate, lock out, do the work, test and sign off."
        );
        json.WriteString("dueDate", Iso(due));
        json.WriteBoolean("dueDateIsFullDay", false);
        json.WriteString("startDate", Iso(due - TimeSpan.FromDays(1)));
        json.WriteNumber("locationId", locationId);
        json.WriteNumber("organizationId", 48_213);
        json.WriteString("priority", Priorities[random.Next(Priorities.Length)]);
        if (random.Next(10) < 3)
            json.WriteNumber("requesterId", 3_100_000 + random.Next(400));
        else
            json.WriteNull("requesterId");
        json.WriteString("type", Types[random.Next(Types.Length)]);
        json.WriteNumber("estimatedTime", random.Next(1, 17) * 900);
        json.WriteStartArray("vendorIds");
        json.WriteEndArray();
        json.WriteStartArray("assignees");
        json.WriteStartObject();
        json.WriteString("type", "USER");
        json.WriteNumber("id", assignee);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartArray("categories");
        json.WriteStringValue(Categories[random.Next(Categories.Length)]);
        json.WriteEndArray();
        json.WriteStartObject("asset");
        json.WriteNumber("id", assetId);
        json.WriteString("name", $"Pump {assetId % 1000:D3}");
        json.WriteNumber("locationId", locationId);
        json.WriteEndObject();
        json.WriteNull("location");
        json.WriteStartObject("extraFields");
        json.WriteString("Cost center", $"CC-{400 + assetId % 25}");
        json.WriteString("Shift", i % 3 == 0 ? "Night" : "Day");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static string Iso(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>CPU this process (the source, and the bench's polling) has used so far.</summary>
    public static TimeSpan ProcessCpu() => Process.GetCurrentProcess().TotalProcessorTime;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Makini.Flows.Tests.Fakes;

/// <summary>
/// A vendor's API served by Kestrel on 127.0.0.1: started on a free port, stopped and restarted on the same port (an
/// outage and a recovery), every request logged with its arrival time, and failures injected on demand.
/// </summary>
public abstract class FakeServer : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Queue<InjectedFailure> _failures = new();
    private readonly Dictionary<string, FakeTable> _tables = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private int _port;

    protected FakeServer(DateTimeOffset? now)
    {
        var clock = now ?? DateTimeOffset.UtcNow;
        Now = new DateTimeOffset(
            clock.Ticks - clock.Ticks % TimeSpan.TicksPerSecond,
            TimeSpan.Zero
        );
    }

    /// <summary>The moment the data set was generated; modification times lie in the 120 days before it.</summary>
    public DateTimeOffset Now { get; }

    /// <summary><c>http://127.0.0.1:port</c>; the port stays the same across restarts.</summary>
    public string Origin =>
        _port == 0
            ? throw new InvalidOperationException("the fake has not been started")
            : $"http://127.0.0.1:{_port}";

    /// <summary>What a user would type as the instance URL of this system.</summary>
    public abstract string InstanceUrl { get; }

    public bool IsRunning => _app is not null;

    /// <summary>How long every answer takes (a slow source, so that a sync of a few pages spans seconds).</summary>
    public TimeSpan AnswerDelay { get; set; } = TimeSpan.Zero;

    /// <summary>The requests received so far, in order of arrival.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
                return _requests.OrderBy(r => r.ArrivedAt).ToArray();
        }
    }

    public void ClearRequests()
    {
        lock (_gate)
            _requests.Clear();
    }

    /// <summary>Answers the next <paramref name="times"/> requests with this status, headers and body.</summary>
    public void FailNext(
        int status,
        IReadOnlyDictionary<string, string>? headers = null,
        string? body = null,
        int times = 1
    )
    {
        lock (_gate)
            for (var i = 0; i < times; i++)
                _failures.Enqueue(new InjectedFailure(status, headers, body));
    }

    /// <summary>The unified entities this fake holds records of.</summary>
    public IReadOnlyCollection<string> Entities => _tables.Keys;

    /// <summary>Every record of a unified entity, as the vendor stores it.</summary>
    public IReadOnlyList<JsonObject> Records(string entity) => Table(entity).Rows;

    /// <summary>
    /// Removes records from the data set, as when they are deleted in the system without a trace (what a full resync
    /// reconciles); returns how many.
    /// </summary>
    public int Remove(string entity, Func<JsonObject, bool> which)
    {
        var rows =
            Table(entity).Rows as List<JsonObject>
            ?? throw new InvalidOperationException($"the {entity} of this fake cannot be changed");
        lock (_gate)
            return rows.RemoveAll(r => which(r));
    }

    /// <summary>The records of an entity modified at or after a moment.</summary>
    public IReadOnlyList<JsonObject> RecordsChangedSince(string entity, DateTimeOffset since)
    {
        var table = Table(entity);
        var modifiedAt =
            table.ModifiedAt
            ?? throw new InvalidOperationException($"{entity} has no modification time");
        return table.Rows.Where(r => modifiedAt(r) >= since).ToArray();
    }

    public async Task StartAsync()
    {
        if (_app is not null)
            throw new InvalidOperationException("the fake is running already");
        for (var attempt = 1; ; attempt++)
        {
            var app = Build();
            try
            {
                await app.StartAsync();
                _port = new Uri(app.Urls.First()).Port;
                _app = app;
                return;
            }
            catch (IOException) when (_port != 0 && attempt < 50)
            {
                // The same port after a stop: the kernel may hold it for a moment.
                await app.DisposeAsync();
                await Task.Delay(100);
            }
        }
    }

    public async Task StopAsync()
    {
        if (_app is not { } app)
            return;
        _app = null;
        await app.StopAsync();
        await app.DisposeAsync();
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return new ValueTask(StopAsync());
    }

    /// <summary>The vendor's routes.</summary>
    protected abstract void MapRoutes(WebApplication app);

    protected void AddTable(
        string entity,
        IReadOnlyList<JsonObject> rows,
        Func<JsonObject, DateTimeOffset>? modifiedAt
    ) => _tables.Add(entity, new FakeTable(rows, modifiedAt));

    private FakeTable Table(string entity) =>
        _tables.TryGetValue(entity, out var table)
            ? table
            : throw new ArgumentException(
                $"this fake holds no {entity} (it holds {string.Join(", ", _tables.Keys)})",
                nameof(entity)
            );

    protected static async Task WriteJson(HttpContext context, JsonNode body, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    /// <summary>Copies of records, so one answer never shares nodes with the data set.</summary>
    protected static JsonArray Copies(IEnumerable<JsonObject> records) =>
        new(records.Select(r => (JsonNode)r.DeepClone()).ToArray());

    private WebApplication Build()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, _port));
        var app = builder.Build();
        app.Use(RecordAndInject);
        MapRoutes(app);
        app.MapFallback(context =>
            WriteJson(
                context,
                new JsonObject { ["error"] = "Not Found" },
                StatusCodes.Status404NotFound
            )
        );
        return app;
    }

    private async Task RecordAndInject(HttpContext context, RequestDelegate next)
    {
        var arrivedAt = DateTimeOffset.UtcNow;
        context.Request.EnableBuffering();
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true))
            body = await reader.ReadToEndAsync(context.RequestAborted);
        context.Request.Body.Position = 0;
        var headers = context.Request.Headers.ToDictionary(
            h => h.Key,
            h => h.Value.ToString(),
            StringComparer.OrdinalIgnoreCase
        );
        InjectedFailure? failure;
        lock (_gate)
            _failures.TryDequeue(out failure);
        try
        {
            if (AnswerDelay > TimeSpan.Zero)
                await Task.Delay(AnswerDelay, context.RequestAborted);
            if (failure is not null)
                await failure.WriteTo(context);
            else
                await next(context);
        }
        finally
        {
            var request = new RecordedRequest(
                context.Request.Method,
                context.Request.Path.Value ?? "",
                context.Request.QueryString.Value ?? "",
                headers,
                body,
                arrivedAt,
                context.Response.StatusCode,
                DateTimeOffset.UtcNow
            );
            lock (_gate)
                _requests.Add(request);
        }
    }

    private sealed record FakeTable(
        IReadOnlyList<JsonObject> Rows,
        Func<JsonObject, DateTimeOffset>? ModifiedAt
    );

    private sealed record InjectedFailure(
        int Status,
        IReadOnlyDictionary<string, string>? Headers,
        string? Body
    )
    {
        public async Task WriteTo(HttpContext context)
        {
            context.Response.StatusCode = Status;
            foreach (var (name, value) in Headers ?? new Dictionary<string, string>())
                context.Response.Headers[name] = value;
            if (Body is not null)
            {
                context.Response.ContentType ??= "application/json; charset=utf-8";
                await context.Response.WriteAsync(Body, context.RequestAborted);
            }
        }
    }
}

using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Makini.Flows.Activities.Tests.Support;

/// <summary>A request the sink received, as the wire carried it.</summary>
public sealed record ReceivedRequest(
    string Method,
    string PathAndQuery,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    DateTimeOffset ReceivedAt
)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant());
}

/// <summary>The answer the sink gives one request.</summary>
public sealed record SinkAnswer(
    int Status,
    string? Body = null,
    string ContentType = "application/json",
    IReadOnlyDictionary<string, string>? Headers = null
);

/// <summary>
/// A Kestrel server on 127.0.0.1 with a random port that records every request and answers as the test says
/// (by default 200 with an empty JSON object).
/// </summary>
public sealed class LoopbackSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly Func<ReceivedRequest, int, SinkAnswer> _answer;
    private readonly TimeProvider _time;

    private LoopbackSink(
        WebApplication app,
        Func<ReceivedRequest, int, SinkAnswer> answer,
        TimeProvider time
    )
    {
        _app = app;
        _answer = answer;
        _time = time;
    }

    public int Port { get; private set; }

    public string Url(string path = "/") => $"http://127.0.0.1:{Port}{path}";

    public IReadOnlyList<ReceivedRequest> Requests => _requests.ToArray();

    /// <param name="answer">The answer to a request, given it and its number (from 1).</param>
    /// <param name="time">The clock whose time is recorded as <see cref="ReceivedRequest.ReceivedAt"/>.</param>
    public static async Task<LoopbackSink> StartAsync(
        Func<ReceivedRequest, int, SinkAnswer>? answer = null,
        TimeProvider? time = null
    )
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var sink = new LoopbackSink(
            app,
            answer ?? ((_, _) => new SinkAnswer(200, "{}")),
            time ?? TimeProvider.System
        );
        app.Run(sink.HandleAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        sink.Port = new Uri(app.Urls.First()).Port;
        return sink;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var request = new ReceivedRequest(
            context.Request.Method,
            context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(
                h => h.Key.ToLowerInvariant(),
                h => h.Value.ToString()
            ),
            buffer.ToArray(),
            _time.GetUtcNow()
        );
        int number;
        lock (_requests)
        {
            _requests.Enqueue(request);
            number = _requests.Count;
        }
        var answer = _answer(request, number);
        context.Response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
            context.Response.Headers[name] = value;
        if (answer.Body is not null)
        {
            context.Response.ContentType = answer.ContentType;
            await context.Response.WriteAsync(answer.Body);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

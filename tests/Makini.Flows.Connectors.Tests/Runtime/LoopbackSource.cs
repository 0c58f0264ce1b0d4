using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Makini.Flows.Connectors.Tests.Runtime;

/// <summary>A programmable HTTP source on loopback: each test says how it answers, and reads what it was asked.</summary>
public sealed class LoopbackSource : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackSource(WebApplication app) => _app = app;

    public ConcurrentQueue<HttpRequestSnapshot> Requests { get; } = new();

    public string BaseUrl { get; private set; } = "";

    public static async Task<LoopbackSource> StartAsync(Func<HttpContext, Task> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var source = new LoopbackSource(app);
        app.Run(async context =>
        {
            context.Request.EnableBuffering();
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            context.Request.Body.Position = 0;
            source.Requests.Enqueue(
                new HttpRequestSnapshot(
                    context.Request.Method,
                    context.Request.Path,
                    context.Request.QueryString.Value ?? "",
                    context.Request.Headers.ToDictionary(
                        h => h.Key,
                        h => h.Value.ToString(),
                        StringComparer.OrdinalIgnoreCase
                    ),
                    body,
                    DateTimeOffset.UtcNow
                )
            );
            await answer(context);
        });
        await app.StartAsync();
        source.BaseUrl = app.Urls.First();
        return source;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed record HttpRequestSnapshot(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    DateTimeOffset At
);

using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Makini.Flows.Server.Tests.Webhooks;

/// <summary>
/// A webhook receiver on 127.0.0.1: a Kestrel server that takes each request (connection accepted, request read)
/// and, when made to hold, does not answer it until the test calls <see cref="Release"/>, however long that takes;
/// otherwise it answers 204 at once. It counts the requests it holds at once (a request the sender gave up on is no
/// longer held) and keeps every body it received. Holding is asynchronous: no thread waits for the release.
/// </summary>
public sealed class HeldReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _release = new(
        TaskCreationOptions.RunContinuationsAsynchronously
    );
    private readonly ConcurrentQueue<(string WebhookId, string Body)> _received = new();
    private int _holding;
    private int _mostAtOnce;
    private int _answered;
    private int _givenUp;

    private HeldReceiver(WebApplication app, bool hold)
    {
        _app = app;
        if (!hold)
            _release.SetResult();
    }

    public string Url { get; private set; } = "";

    /// <summary>Requests received and not answered yet.</summary>
    public int Holding => Volatile.Read(ref _holding);

    /// <summary>The most requests held at one time.</summary>
    public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

    public int Answered => Volatile.Read(ref _answered);

    /// <summary>Requests the sender abandoned (it closed the connection) before they were answered.</summary>
    public int GivenUp => Volatile.Read(ref _givenUp);

    public IReadOnlyList<(string WebhookId, string Body)> Received => [.. _received];

    public static async Task<HeldReceiver> StartAsync(bool hold)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new HeldReceiver(app, hold);
        app.Run(receiver.HandleAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        receiver.Url = app.Urls.First() + "/hooks";
        return receiver;
    }

    /// <summary>Answers every request held, and every later one at once.</summary>
    public void Release() => _release.TrySetResult();

    /// <summary>Waits until a body containing <paramref name="marker"/> has been received.</summary>
    public async Task ReceivedAsync(string marker, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!_received.Any(r => r.Body.Contains(marker)))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{Url} did not receive '{marker}' within {patience}");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan patience, string what)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"not within {patience}: {what}");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new StreamReader(context.Request.Body);
        var text = await body.ReadToEndAsync(context.RequestAborted);
        _received.Enqueue((context.Request.Headers["webhook-id"].ToString(), text));
        var holding = Interlocked.Increment(ref _holding);
        for (var most = MostAtOnce; holding > most; most = MostAtOnce)
            Interlocked.CompareExchange(ref _mostAtOnce, holding, most);
        try
        {
            await _release.Task.WaitAsync(context.RequestAborted);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            Interlocked.Increment(ref _answered);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _givenUp);
        }
        finally
        {
            Interlocked.Decrement(ref _holding);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

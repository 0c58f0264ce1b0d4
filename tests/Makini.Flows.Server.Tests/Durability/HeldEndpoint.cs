using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Makini.Flows.Tests.Shared;

namespace Makini.Flows.Server.Tests.Durability;

/// <summary>
/// A loopback HTTP endpoint that flows call to be held in flight: it never answers until <see cref="Release"/>,
/// and from then on answers every request with <c>{"answer":"released"}</c>. It counts the requests of each path,
/// so a test knows a run is executing the call before it kills the server.
/// </summary>
public sealed class HeldEndpoint : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, int> _received = new();
    private readonly ConcurrentBag<HttpListenerContext> _held = [];
    private readonly Task _serving;
    private volatile bool _released;

    public HeldEndpoint()
    {
        Port = ServerProcess.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = ServeAsync();
    }

    public int Port { get; }

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path}";

    public int Received(string path) => _received.GetValueOrDefault("/" + path);

    /// <summary>Answers every request from now on (requests of a killed server are left unanswered).</summary>
    public void Release() => _released = true;

    public async Task WaitForAsync(string path, int count, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Received(path) < count)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException(
                    $"/{path} was called {Received(path)} times, not {count}"
                );
            await Task.Delay(50, ct);
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            _received.AddOrUpdate(context.Request.Url!.AbsolutePath, 1, (_, n) => n + 1);
            if (!_released)
            {
                _held.Add(context);
                continue;
            }
            var body = Encoding.UTF8.GetBytes("""{"answer":"released"}""");
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = body.Length;
            try
            {
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
            catch (Exception)
            {
                // The caller went away.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
    }
}

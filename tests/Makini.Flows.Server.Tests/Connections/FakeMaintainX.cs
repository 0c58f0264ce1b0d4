using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Makini.Flows.Server.Tests.Connections;

/// <summary>
/// The part of MaintainX's REST API a connection check uses (<c>GET /v1/users?limit=1</c> with
/// <c>Authorization: Bearer &lt;key&gt;</c>, 401 <c>{"message": ...}</c> for a key it does not know), on 127.0.0.1.
/// It can be told to refuse every key, and stopped and started again on the same port.
/// </summary>
public sealed class FakeMaintainX : IAsyncDisposable
{
    public const string Key = "mx_live_4f9a1c2e8b7d6a5f3e2d1c0b9a8f7e6d";

    private WebApplication? _app;
    private int _requests;

    private FakeMaintainX() { }

    public int Port { get; private set; }

    /// <summary>The instance URL a connection is made with.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}/v1";

    /// <summary>When set, every key is answered 401 (the key was revoked at the vendor).</summary>
    public bool RefuseEveryKey { get; set; }

    /// <summary>Requests answered so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public static async Task<FakeMaintainX> StartAsync()
    {
        var fake = new FakeMaintainX();
        await fake.ListenAsync(0);
        return fake;
    }

    /// <summary>Stops listening: connections to the port are refused until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_app is null)
            return;
        await _app.StopAsync(TestContext.Current.CancellationToken);
        await _app.DisposeAsync();
        _app = null;
    }

    public Task StartAgainAsync() => ListenAsync(Port);

    private async Task ListenAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet("/v1/users", Users);
        await app.StartAsync(TestContext.Current.CancellationToken);
        Port = new Uri(app.Urls.First()).Port;
        _app = app;
    }

    private IResult Users(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (RefuseEveryKey || context.Request.Headers.Authorization != $"Bearer {Key}")
            return Results.Json(
                new { message = "Unauthorized: the API key is not valid" },
                statusCode: StatusCodes.Status401Unauthorized
            );
        return Results.Text(
            JsonSerializer.Serialize(
                new
                {
                    users = new[]
                    {
                        new
                        {
                            id = 1,
                            firstName = "Ada",
                            lastName = "Lovelace",
                        },
                    },
                    nextCursor = (string?)null,
                }
            ),
            "application/json"
        );
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

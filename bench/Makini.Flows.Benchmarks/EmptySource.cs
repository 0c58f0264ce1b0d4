using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// A MaintainX that holds nothing, on loopback: every list answers an empty page (the shape of each of the
/// connector's lists at once), so a sync costs its requests and its bookkeeping and no records.
/// </summary>
internal sealed class EmptySource : IAsyncDisposable
{
    private const string EmptyPage = """
        {"workOrders":[],"assets":[],"locations":[],"parts":[],"purchaseOrders":[],"users":[],"vendors":[],
         "teams":[],"meters":[],"workRequests":[],"nextCursor":null}
        """;

    private readonly WebApplication _app;
    private long _requests;

    private EmptySource(WebApplication app) => _app = app;

    public string InstanceUrl { get; private set; } = "";

    public long Requests => Interlocked.Read(ref _requests);

    public static async Task<EmptySource> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var source = new EmptySource(app);
        app.Run(context =>
        {
            Interlocked.Increment(ref source._requests);
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(EmptyPage);
        });
        await app.StartAsync();
        source.InstanceUrl = new Uri(app.Urls.First()) + "v1";
        return source;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

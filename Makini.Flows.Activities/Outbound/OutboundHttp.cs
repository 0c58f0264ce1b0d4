using System.Net;

namespace Makini.Flows.Activities.Outbound;

/// <summary>
/// The HTTP client activities use for calls the server makes for users. Its standard transport enforces the SSRF
/// policy: connections only to public or operator-allowed addresses, checked at connect time
/// (<see cref="GuardedConnector"/>); no proxy (a proxy would resolve names itself); redirects are not followed;
/// HTTP/1.1 or HTTP/2 over TCP only (HTTP/3 would not go through the connect callback). Hosts register one
/// instance as a service (<c>FlowEngineOptions.Services</c>).
/// </summary>
public sealed class OutboundHttp : IDisposable
{
    /// <summary>The guarded transport, with the operator's settings.</summary>
    public OutboundHttp(OutboundOptions options)
        : this(CreateGuardedHandler(options), options.MaxResponseBytes) { }

    /// <summary>
    /// Another transport, e.g. an in-memory receiver in tests. It is used as given, without the SSRF guard, so a
    /// server uses the constructor that takes <see cref="OutboundOptions"/>.
    /// </summary>
    public OutboundHttp(
        HttpMessageHandler handler,
        long maxResponseBytes = OutboundOptions.DefaultMaxResponseBytes
    )
    {
        Client = new HttpClient(handler)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        MaxResponseBytes = maxResponseBytes;
    }

    public HttpClient Client { get; }

    public long MaxResponseBytes { get; }

    /// <summary>A handler that enforces the SSRF policy; see the class summary.</summary>
    public static SocketsHttpHandler CreateGuardedHandler(OutboundOptions options) =>
        new()
        {
            ConnectCallback = new GuardedConnector(new AddressGuard(options)).ConnectAsync,
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };

    public void Dispose() => Client.Dispose();
}

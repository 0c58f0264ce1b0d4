namespace Makini.Flows.Connectors.Runtime;

/// <summary>Sends requests for the in-process hosts to their handlers and everything else to the network transport.</summary>
internal sealed class InProcessRouter(
    HttpMessageHandler network,
    IReadOnlyDictionary<string, HttpMessageHandler> hosts
) : HttpMessageHandler
{
    private readonly HttpMessageInvoker _network = new(network, disposeHandler: true);
    private readonly Dictionary<string, HttpMessageInvoker> _hosts = hosts.ToDictionary(
        h => h.Key,
        h => new HttpMessageInvoker(h.Value, disposeHandler: false),
        StringComparer.OrdinalIgnoreCase
    );

    protected override Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    ) =>
        request.RequestUri is { } uri && _hosts.TryGetValue(uri.Host, out var host)
            ? host.SendAsync(request, cancellationToken)
            : _network.SendAsync(request, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _network.Dispose();
        base.Dispose(disposing);
    }
}

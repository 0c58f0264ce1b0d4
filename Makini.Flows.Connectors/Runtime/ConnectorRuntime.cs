using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Connectors.Runtime.Authentication;

namespace Makini.Flows.Connectors.Runtime;

/// <summary>
/// Talks to sources as their manifests describe. One per process: it owns the HTTP transport (the server passes
/// its SSRF-guarded handler) and the per-connection state (sessions, tokens, rate limits) in bounded caches, so
/// memory does not grow with the number of connections.
/// </summary>
public sealed class ConnectorRuntime : IDisposable
{
    private readonly HttpMessageInvoker _http;

    public ConnectorRuntime(
        HttpMessageHandler transport,
        TimeProvider clock,
        ConnectorRuntimeOptions? options = null
    )
    {
        Options = options ?? new ConnectorRuntimeOptions();
        Clock = clock;
        _http = new HttpMessageInvoker(
            new InProcessRouter(transport, Options.InProcessHosts),
            disposeHandler: true
        );
        Caller = new SourceCaller(_http, Options, clock);
        Tokens = new BoundedCache<TokenHolder>(Options.MaxCachedConnections);
        Gates = new BoundedCache<RateGate>(Options.MaxCachedConnections);
    }

    public ConnectorRuntimeOptions Options { get; }

    internal TimeProvider Clock { get; }
    internal SourceCaller Caller { get; }
    internal BoundedCache<TokenHolder> Tokens { get; }
    internal BoundedCache<RateGate> Gates { get; }

    /// <summary>A client for one connection's calls; cheap, make one per use.</summary>
    public ConnectorClient Client(
        ConnectorManifest manifest,
        string connectionId,
        IReadOnlyDictionary<string, string> credentials
    ) => new(this, manifest, connectionId, credentials);

    /// <summary>Forgets a connection's session and rate state (after its credentials change or it is deleted).</summary>
    public void Forget(string connectionId)
    {
        Gates.Remove(connectionId);
        Tokens.Remove(connectionId);
    }

    public void Dispose() => _http.Dispose();
}

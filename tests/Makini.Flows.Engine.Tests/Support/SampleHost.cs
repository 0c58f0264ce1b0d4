using System.Collections.Concurrent;
using System.Net;
using Makini.Flows.Activities.Data;
using Makini.Flows.Activities.Outbound;
using Makini.Flows.Activities.Secrets;

namespace Makini.Flows.Engine.Tests.Support;

/// <summary>
/// The services samples run with: an outbound client whose transport is an in-memory receiver standing in for
/// the receivers samples call (<c>https://hooks.example.com/...</c> answers 200, anything else 404), and the
/// secrets samples name, and connection data standing in for the server's syncs (<see cref="SampleConnectionData"/>).
/// Samples thus run offline and give the same output every time.
/// </summary>
public sealed class SampleHost : IServiceProvider
{
    public const string AlertsSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private readonly OutboundHttp _http;
    private readonly SampleSecrets _secrets = new();

    public SampleHost() => _http = new OutboundHttp(Receiver);

    public SampleReceiver Receiver { get; } = new();

    public object? GetService(Type serviceType) =>
        serviceType == typeof(OutboundHttp) ? _http
        : serviceType == typeof(ISecretResolver) ? _secrets
        : serviceType == typeof(IConnectionData) ? ConnectionData
        : null;

    public SampleConnectionData ConnectionData { get; } = new();

    private sealed class SampleSecrets : ISecretResolver
    {
        public string? Find(string name) => name == "maintenanceAlerts" ? AlertsSecret : null;

        public string WhereToSet(string name) => $"the samples' test host ({name})";
    }
}

/// <summary>A request the in-memory receiver got: its URL, headers and body.</summary>
public sealed record SampleDelivery(Uri Url, Dictionary<string, string> Headers, byte[] Body);

/// <summary>Answers 200 for hooks.example.com and 404 for anything else, recording every request.</summary>
public sealed class SampleReceiver : HttpMessageHandler
{
    private readonly ConcurrentQueue<SampleDelivery> _deliveries = new();

    public IReadOnlyList<SampleDelivery> Deliveries => _deliveries.ToArray();

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        var body = request.Content is null
            ? []
            : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        _deliveries.Enqueue(
            new SampleDelivery(
                request.RequestUri!,
                request.Headers.ToDictionary(
                    h => h.Key.ToLowerInvariant(),
                    h => string.Join(", ", h.Value)
                ),
                body
            )
        );
        return new HttpResponseMessage(
            request.RequestUri!.Host == "hooks.example.com"
                ? HttpStatusCode.OK
                : HttpStatusCode.NotFound
        );
    }
}

using Makini.Flows.Activities.Outbound;
using Makini.Flows.Activities.Secrets;

namespace Makini.Flows.Activities.Tests.Support;

/// <summary>The services a test host offers activities, by type.</summary>
public sealed class Services : IServiceProvider
{
    private readonly Dictionary<Type, object> _byType = [];

    public Services Add<T>(T service)
        where T : class
    {
        _byType[typeof(T)] = service;
        return this;
    }

    public object? GetService(Type serviceType) => _byType.GetValueOrDefault(serviceType);

    /// <summary>The guarded outbound client with 127.0.0.1/32 allowed (how tests reach loopback sinks), and secrets.</summary>
    public static Services WithLoopbackAllowed(
        IReadOnlyDictionary<string, string>? secrets = null
    ) =>
        new Services()
            .Add(new OutboundHttp(new OutboundOptions { AllowedRanges = ["127.0.0.1/32"] }))
            .Add<ISecretResolver>(new SecretMap(secrets ?? new Dictionary<string, string>()));
}

/// <summary>Secrets held in a dictionary, as an operator's configuration would hold them.</summary>
public sealed class SecretMap(IReadOnlyDictionary<string, string> secrets) : ISecretResolver
{
    public string? Find(string name) => secrets.GetValueOrDefault(name);

    public string WhereToSet(string name) => $"TestSecrets:{name}";
}

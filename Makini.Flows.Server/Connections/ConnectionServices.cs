using Makini.Flows.Activities.Outbound;
using Makini.Flows.Connectors.Demo;
using Makini.Flows.Connectors.Runtime;
using Makini.Flows.Server.Connectors;
using Makini.Flows.Server.Queue;

namespace Makini.Flows.Server.Connections;

public static class ConnectionServices
{
    /// <summary>
    /// The connector catalogue (read here, so a manifest with problems stops the start), the one connector runtime
    /// (the SSRF-guarded transport with the operator's <c>Outbound</c> settings, plus the Demo CMMS answered in
    /// process), and the connections' services: checks, status, probes, tokens.
    /// </summary>
    public static IServiceCollection AddMakiniConnections(
        this IServiceCollection services,
        IConfiguration configuration
    )
    {
        services.AddSingleton(InstalledConnectors.Load(configuration));
        var settings =
            configuration.GetSection(ConnectorSettings.Section).Get<ConnectorSettings>()
            ?? new ConnectorSettings();
        settings.RuntimeOptions(new Dictionary<string, HttpMessageHandler>()); // checked now: bad settings stop the start
        services.AddSingleton(provider => new ConnectorRuntime(
            OutboundHttp.CreateGuardedHandler(provider.GetRequiredService<OutboundOptions>()),
            provider.GetRequiredService<TimeProvider>(),
            settings.RuntimeOptions(InProcessHosts(provider))
        ));

        var section = configuration.GetSection(ConnectionOptions.Section);
        (section.Get<ConnectionOptions>() ?? new ConnectionOptions()).EnsureValid();
        services.Configure<ConnectionOptions>(section);
        services.AddSingleton<ConnectionCredentials>();
        services.AddSingleton<ConnectionChecker>();
        services.AddScoped<ConnectionCreator>();
        services.AddSingleton<ConnectionStatus>();
        services.AddSingleton<ConnectionProbes>();
        services.AddSingleton<ConnectionTokenCache>();
        services.AddWorkBatchHandler<ConnectionProbeHandler>(WorkKinds.ConnectionProbe);
        services.AddSingleton<ProbeReconciler>();
        services.AddHostedService(provider => provider.GetRequiredService<ProbeReconciler>());
        return services;
    }

    /// <summary>The built-in Demo CMMS (when <c>DemoCmms:Enabled</c>), answered in process, never over the network.</summary>
    private static Dictionary<string, HttpMessageHandler> InProcessHosts(IServiceProvider provider)
    {
        var hosts = new Dictionary<string, HttpMessageHandler>(StringComparer.OrdinalIgnoreCase);
        if (provider.GetService<DemoCmms>() is { } demo)
            hosts[DemoCmms.Host] = demo.Handler;
        return hosts;
    }
}

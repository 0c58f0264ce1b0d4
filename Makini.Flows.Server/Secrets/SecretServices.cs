using Makini.Flows.Server.Infrastructure;

namespace Makini.Flows.Server.Secrets;

public static class SecretServices
{
    /// <summary>Data Protection with its key ring (<see cref="KeyRing"/>) and the <see cref="SecretProtector"/>.</summary>
    public static IServiceCollection AddMakiniSecrets(
        this IServiceCollection services,
        IConfiguration configuration,
        DatabaseOptions database,
        bool onPostgres
    )
    {
        KeyRing.Configure(services, configuration, database, onPostgres);
        services.AddSingleton<SecretProtector>();
        return services;
    }
}

namespace Makini.Flows.Server.Mappings;

public static class MappingServices
{
    /// <summary>Per-connection mappings: the compiled mappings in force, their saves and their error reports.</summary>
    public static IServiceCollection AddMakiniMappings(this IServiceCollection services)
    {
        services.AddSingleton<ConnectionMappings>();
        services.AddSingleton<MappingErrorReports>();
        services.AddSingleton<MappingSaver>();
        services.AddSingleton<MappingsForFlows>();
        return services;
    }
}

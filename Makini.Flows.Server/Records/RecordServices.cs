using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;

namespace Makini.Flows.Server.Records;

public static class RecordServices
{
    /// <summary>
    /// The records store, and what the records API needs: its rate limits, Makini's error codes on its problems,
    /// and its routes' schemas in the OpenAPI document.
    /// </summary>
    public static IServiceCollection AddMakiniRecords(
        this IServiceCollection services,
        IConfiguration configuration
    )
    {
        var options =
            configuration.GetSection(RecordOptions.Section).Get<RecordOptions>()
            ?? new RecordOptions();
        options.EnsureValid();
        services.AddSingleton(options);
        services.AddSingleton<RecordStore>();
        RecordRateLimits.Add(services, options);
        services.PostConfigure<ProblemDetailsOptions>(problems =>
        {
            var earlier = problems.CustomizeProblemDetails;
            problems.CustomizeProblemDetails = context =>
            {
                earlier?.Invoke(context);
                RecordProblems.Customize(context);
            };
        });
        services.Configure<OpenApiOptions>(
            "v1",
            openApi => openApi.AddDocumentTransformer<RecordsOpenApi>()
        );
        return services;
    }
}

using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;

namespace Makini.Flows.Server.Webhooks;

public static class WebhookServices
{
    /// <summary>
    /// The webhook outbox and its delivery worker (secrets: <see cref="Secrets.SecretServices.AddMakiniSecrets"/>). Checks the
    /// <c>Webhooks</c> settings here so a server with an unreadable retry schedule does not start.
    /// </summary>
    public static IServiceCollection AddMakiniWebhooks(
        this IServiceCollection services,
        IConfiguration configuration
    )
    {
        var section = configuration.GetSection(WebhookOptions.Section);
        (section.Get<WebhookOptions>() ?? new WebhookOptions()).Check();
        services.Configure<WebhookOptions>(section);
        services.AddSingleton<SigningSecrets>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<IWebhookDispatcher>(provider =>
            provider.GetRequiredService<WebhookOutbox>()
        );
        services.AddSingleton<WebhookDeliveryHandler>();
        services.AddSingleton<WebhookDeliveryWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<WebhookDeliveryWorker>());
        services.AddPeriodicSweep<WebhookRetention>();
        return services;
    }
}

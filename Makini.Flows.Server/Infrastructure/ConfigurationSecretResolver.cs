using Makini.Flows.Activities.Secrets;

namespace Makini.Flows.Server.Infrastructure;

/// <summary>
/// Secrets flows name, held by the operator's configuration under <c>Hooks:Secrets:&lt;name&gt;</c> (environment
/// variable <c>Hooks__Secrets__&lt;name&gt;</c>): HTTP triggers verify with them, SendWebhook signs with them.
/// </summary>
public sealed class ConfigurationSecretResolver(IConfiguration configuration) : ISecretResolver
{
    public string? Find(string name) => configuration[$"Hooks:Secrets:{name}"];

    public string WhereToSet(string name) =>
        $"Hooks:Secrets:{name}, environment Hooks__Secrets__{name}";
}

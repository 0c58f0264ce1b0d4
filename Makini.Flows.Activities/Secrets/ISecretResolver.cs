namespace Makini.Flows.Activities.Secrets;

/// <summary>
/// Secrets a flow names but never holds (e.g. SendWebhook's <c>secret</c>), held by the operator's configuration.
/// The server implements it over its configuration and offers it to activities as a service.
/// </summary>
public interface ISecretResolver
{
    /// <summary>The secret's value, or null when no secret of that name is configured.</summary>
    string? Find(string name);

    /// <summary>Where an operator sets the secret, for messages, e.g. "Hooks:Secrets:crm (Hooks__Secrets__crm)".</summary>
    string WhereToSet(string name);
}

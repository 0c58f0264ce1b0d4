namespace Makini.Flows.Activities.Outbound;

/// <summary>
/// An outbound call was refused before any connection was attempted, because every address its host resolved
/// to is not public and not allowed. The message says which addresses, why, and which setting allows them.
/// </summary>
public sealed class OutboundConnectionRefusedException(string host, IReadOnlyList<string> refusals)
    : Exception(
        $"refused to connect to '{host}': {string.Join("; ", refusals)}. "
            + $"Calls the server makes for users (flows, connections) only go to public addresses; an operator can allow a range with the setting {OutboundOptions.AllowedRangesSetting} "
            + $"(environment variable Outbound__AllowedRanges__0, e.g. 10.20.0.0/16)"
    )
{
    public string Host { get; } = host;
}

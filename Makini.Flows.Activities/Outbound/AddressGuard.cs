using System.Net;

namespace Makini.Flows.Activities.Outbound;

/// <summary>
/// Decides whether an outbound connection may go to an address: public ones that are not this machine's own, and
/// those the operator allowed. An address of this machine passes only when an allowed range names exactly it (a /32
/// or /128): allowing 10.0.0.0/8 for an on-premise system does not open the server's own 10.x address.
/// </summary>
public sealed class AddressGuard(
    IReadOnlyList<IPNetwork> allowedRanges,
    Func<IPAddress, bool>? isOwn = null
)
{
    private readonly Func<IPAddress, bool> _isOwn = isOwn ?? OwnAddresses.Contains;

    public AddressGuard(OutboundOptions options)
        : this(options.ParsedAllowedRanges()) { }

    /// <summary>Why a connection to the address is refused, or null when it may go ahead.</summary>
    public string? Refusal(IPAddress address)
    {
        var own = _isOwn(address);
        if (IsAllowed(address, exactOnly: own))
            return null;
        return own
            ? $"one of this server's own addresses{(AddressRules.WhyNotPublic(address) is { } kind ? $", {kind}" : "")}"
            : AddressRules.WhyNotPublic(address);
    }

    private bool IsAllowed(IPAddress address, bool exactOnly)
    {
        var embedded = AddressRules.EmbeddedIPv4(address)?.Address;
        foreach (var range in allowedRanges)
        {
            if (exactOnly && range.PrefixLength != range.BaseAddress.GetAddressBytes().Length * 8)
                continue;
            if (range.Contains(address) || (embedded is not null && range.Contains(embedded)))
                return true;
        }
        return false;
    }
}

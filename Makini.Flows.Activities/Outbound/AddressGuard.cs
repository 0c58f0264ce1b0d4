using System.Net;

namespace Makini.Flows.Activities.Outbound;

/// <summary>Decides whether an outbound connection may go to an address: public ones, and those the operator allowed.</summary>
public sealed class AddressGuard(IReadOnlyList<IPNetwork> allowedRanges)
{
    public AddressGuard(OutboundOptions options)
        : this(options.ParsedAllowedRanges()) { }

    /// <summary>Why a connection to the address is refused, or null when it may go ahead.</summary>
    public string? Refusal(IPAddress address)
    {
        if (IsAllowed(address))
            return null;
        return AddressRules.WhyNotPublic(address);
    }

    private bool IsAllowed(IPAddress address)
    {
        var embedded = AddressRules.EmbeddedIPv4(address)?.Address;
        foreach (var range in allowedRanges)
            if (range.Contains(address) || (embedded is not null && range.Contains(embedded)))
                return true;
        return false;
    }
}

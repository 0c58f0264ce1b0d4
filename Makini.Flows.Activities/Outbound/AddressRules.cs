using System.Net;

namespace Makini.Flows.Activities.Outbound;

/// <summary>
/// Which addresses are not public, and why: loopback, private, carrier-grade NAT, link-local (cloud metadata
/// at 169.254.169.254), unique-local and site-local IPv6, "this network" (0.0.0.0/8, which reaches the local
/// host), the unspecified address, multicast, broadcast, documentation, benchmarking and every other special-purpose
/// range of IANA's registries that is not globally reachable; IPv4-mapped IPv6 addresses are refused (the IPv4 address
/// itself is what to call), and other IPv6 forms that carry an IPv4 address (compatible, NAT64, 6to4) are judged by the
/// IPv4 address they carry.
/// </summary>
public static class AddressRules
{
    private static readonly (IPNetwork Range, string Kind)[] NotPublic =
    [
        (
            IPNetwork.Parse("0.0.0.0/8"),
            "in 0.0.0.0/8 ('this network', which reaches the local host)"
        ),
        (IPNetwork.Parse("10.0.0.0/8"), "private (10.0.0.0/8)"),
        (IPNetwork.Parse("100.64.0.0/10"), "carrier-grade NAT space (100.64.0.0/10)"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback (127.0.0.0/8)"),
        (
            IPNetwork.Parse("169.254.0.0/16"),
            "link-local (169.254.0.0/16, where cloud metadata services answer)"
        ),
        (IPNetwork.Parse("172.16.0.0/12"), "private (172.16.0.0/12)"),
        (IPNetwork.Parse("192.0.0.0/24"), "reserved for protocol assignments (192.0.0.0/24)"),
        (IPNetwork.Parse("192.0.2.0/24"), "documentation space (192.0.2.0/24, TEST-NET-1)"),
        (IPNetwork.Parse("192.31.196.0/24"), "AS112 service space (192.31.196.0/24)"),
        (IPNetwork.Parse("192.52.193.0/24"), "AMT relay space (192.52.193.0/24)"),
        (IPNetwork.Parse("192.88.99.0/24"), "the deprecated 6to4 relay anycast (192.88.99.0/24)"),
        (IPNetwork.Parse("192.168.0.0/16"), "private (192.168.0.0/16)"),
        (IPNetwork.Parse("192.175.48.0/24"), "AS112 direct delegation space (192.175.48.0/24)"),
        (IPNetwork.Parse("198.18.0.0/15"), "reserved for benchmarking (198.18.0.0/15)"),
        (IPNetwork.Parse("198.51.100.0/24"), "documentation space (198.51.100.0/24, TEST-NET-2)"),
        (IPNetwork.Parse("203.0.113.0/24"), "documentation space (203.0.113.0/24, TEST-NET-3)"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast (224.0.0.0/4)"),
        (IPNetwork.Parse("255.255.255.255/32"), "the broadcast address"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved (240.0.0.0/4)"),
        (IPNetwork.Parse("::/128"), "the unspecified address (::)"),
        (IPNetwork.Parse("::1/128"), "loopback (::1)"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "local-use IPv4/IPv6 translation (64:ff9b:1::/48)"),
        (IPNetwork.Parse("100::/64"), "discard-only space (100::/64)"),
        (
            IPNetwork.Parse("2001::/23"),
            "reserved for IETF protocol assignments (2001::/23: Teredo, benchmarking, ORCHID)"
        ),
        (IPNetwork.Parse("2001:db8::/32"), "documentation space (2001:db8::/32)"),
        (IPNetwork.Parse("3fff::/20"), "documentation space (3fff::/20)"),
        (IPNetwork.Parse("5f00::/16"), "segment routing identifiers (5f00::/16)"),
        (IPNetwork.Parse("fe80::/10"), "link-local (fe80::/10)"),
        (IPNetwork.Parse("fec0::/10"), "site-local (fec0::/10)"),
        (IPNetwork.Parse("fc00::/7"), "unique-local (fc00::/7)"),
        (IPNetwork.Parse("ff00::/8"), "multicast (ff00::/8)"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>Why the address is not public ("loopback (127.0.0.0/8)"), or null when it is public.</summary>
    public static string? WhyNotPublic(IPAddress address)
    {
        if (EmbeddedIPv4(address) is var (inner, form))
            return WhyNotPublic(inner) is { } innerKind
                    ? $"the {form} form of {inner}, which is {innerKind}"
                // A mapped address only stands for the IPv4 address it carries: that one is what to call.
                : address.IsIPv4MappedToIPv6
                    ? $"the IPv4-mapped IPv6 form (::ffff:0:0/96) of {inner}: call {inner} itself"
                : null;
        foreach (var (range, kind) in NotPublic)
            if (range.Contains(address))
                return kind;
        return null;
    }

    /// <summary>The IPv4 address an IPv6 address carries, and the name of the form that carries it.</summary>
    public static (IPAddress Address, string Form)? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            return null;
        if (address.IsIPv4MappedToIPv6)
            return (address.MapToIPv4(), "IPv4-mapped IPv6");
        var bytes = address.GetAddressBytes();
        if (bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && !IsUnspecifiedOrLoopback(bytes))
            return (new IPAddress(bytes.AsSpan(12, 4)), "IPv4-compatible IPv6");
        if (Nat64.Contains(address))
            return (new IPAddress(bytes.AsSpan(12, 4)), "NAT64 IPv6");
        if (SixToFour.Contains(address))
            return (new IPAddress(bytes.AsSpan(2, 4)), "6to4 IPv6");
        return null;
    }

    private static bool IsUnspecifiedOrLoopback(byte[] bytes) =>
        bytes.AsSpan(12, 3).IndexOfAnyExcept((byte)0) < 0 && bytes[15] <= 1;
}

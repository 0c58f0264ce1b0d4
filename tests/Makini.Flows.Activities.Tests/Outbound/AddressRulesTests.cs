using System.Net;
using Makini.Flows.Activities.Outbound;

namespace Makini.Flows.Activities.Tests.Outbound;

public sealed class AddressRulesTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("0.0.0.0", "0.0.0.0/8")]
    [InlineData("10.255.0.1", "private")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.0.1", "private")]
    [InlineData("224.0.0.251", "multicast")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("::", "unspecified")]
    [InlineData("::1", "loopback")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fc00::1", "unique-local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("::ffff:10.0.0.1", "IPv4-mapped IPv6 form of 10.0.0.1, which is private")]
    [InlineData("::ffff:169.254.169.254", "IPv4-mapped IPv6 form of 169.254.169.254")]
    [InlineData("::127.0.0.1", "IPv4-compatible IPv6 form of 127.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe", "NAT64 IPv6 form of 169.254.169.254")]
    [InlineData("2002:7f00:1::", "6to4 IPv6 form of 127.0.0.1")]
    public void Addresses_that_are_not_public_are_named_with_the_reason(
        string address,
        string reason
    ) =>
        AddressRules.WhyNotPublic(IPAddress.Parse(address)).ShouldNotBeNull().ShouldContain(reason);

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    public void Public_addresses_pass(string address) =>
        AddressRules.WhyNotPublic(IPAddress.Parse(address)).ShouldBeNull();

    [Fact]
    public void An_allowed_range_covers_the_ipv4_mapped_form_of_its_addresses_too()
    {
        var guard = new AddressGuard(new OutboundOptions { AllowedRanges = ["10.20.0.0/16"] });

        guard.Refusal(IPAddress.Parse("10.20.3.4")).ShouldBeNull();
        guard.Refusal(IPAddress.Parse("::ffff:10.20.3.4")).ShouldBeNull();
        guard.Refusal(IPAddress.Parse("10.21.0.1")).ShouldNotBeNull();
    }
}

public sealed class SpecialPurposeRangeTests
{
    [Theory]
    [InlineData("192.0.2.10", "documentation")]
    [InlineData("198.51.100.7", "documentation")]
    [InlineData("203.0.113.99", "documentation")]
    [InlineData("2001:db8::1", "documentation")]
    [InlineData("3fff::1", "documentation")]
    [InlineData("192.31.196.1", "AS112")]
    [InlineData("192.175.48.1", "AS112")]
    [InlineData("192.52.193.1", "AMT")]
    [InlineData("192.88.99.1", "6to4 relay")]
    [InlineData("64:ff9b:1::1", "local-use")]
    [InlineData("100::1", "discard-only")]
    [InlineData("2001::1", "Teredo")]
    [InlineData("2001:2::1", "benchmarking")]
    [InlineData("5f00::1", "segment routing")]
    [InlineData("::ffff:8.8.8.8", "call 8.8.8.8 itself")]
    [InlineData("::ffff:0:0", "IPv4-mapped")]
    public void Special_purpose_ranges_are_refused_with_their_name(string address, string reason) =>
        AddressRules.WhyNotPublic(IPAddress.Parse(address)).ShouldNotBeNull().ShouldContain(reason);

    [Fact]
    public void The_machines_own_addresses_are_refused_unless_allowed_by_exactly_that_address()
    {
        var own = IPAddress.Parse("10.1.2.3");
        bool IsOwn(IPAddress address) => address.Equals(own);
        var wide = new AddressGuard([IPNetwork.Parse("10.0.0.0/8")], IsOwn);
        var exact = new AddressGuard([IPNetwork.Parse("10.1.2.3/32")], IsOwn);

        wide.Refusal(own).ShouldNotBeNull().ShouldContain("this server's own addresses");
        wide.Refusal(IPAddress.Parse("10.1.2.4")).ShouldBeNull();
        exact.Refusal(own).ShouldBeNull();
        new AddressGuard([], a => a.Equals(IPAddress.Parse("93.184.216.34")))
            .Refusal(IPAddress.Parse("93.184.216.34"))
            .ShouldNotBeNull()
            .ShouldContain("own addresses");
    }

    [Fact]
    public void Every_address_of_this_machine_and_of_its_host_name_is_known_as_its_own()
    {
        var addresses = System
            .Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .Where(a =>
                a.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6 || a.ScopeId == 0
            )
            .Concat(HostNameAddresses())
            .ToList();
        addresses.ShouldNotBeEmpty();
        addresses.ShouldAllBe(a => OwnAddresses.Contains(a));
        var guard = new AddressGuard(new OutboundOptions());
        addresses.ShouldAllBe(a => guard.Refusal(a) != null);
    }

    private static IPAddress[] HostNameAddresses()
    {
        try
        {
            return Dns.GetHostAddresses(Dns.GetHostName());
        }
        catch (System.Net.Sockets.SocketException)
        {
            return []; // a host name this machine cannot resolve has no addresses to reach it by
        }
    }
}

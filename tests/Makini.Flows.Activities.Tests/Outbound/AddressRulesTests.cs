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
    [InlineData("::ffff:8.8.8.8")]
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

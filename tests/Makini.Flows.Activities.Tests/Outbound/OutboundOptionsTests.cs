using Makini.Flows.Activities.Outbound;

namespace Makini.Flows.Activities.Tests.Outbound;

public sealed class OutboundOptionsTests
{
    [Theory]
    [InlineData("0.0.0.0/0")]
    [InlineData("::/0")]
    public void Allowing_every_address_is_refused_outside_development(string range)
    {
        var options = new OutboundOptions { AllowedRanges = [range] };

        options.Validate(isDevelopment: false).ShouldHaveSingleItem().ShouldContain("Development");
        Should
            .Throw<InvalidOperationException>(() => options.EnsureValid(isDevelopment: false))
            .Message.ShouldContain(range);
        options.Validate(isDevelopment: true).ShouldBeEmpty();
    }

    [Fact]
    public void Ranges_and_single_addresses_are_accepted()
    {
        var options = new OutboundOptions
        {
            AllowedRanges = ["127.0.0.1/32", "10.20.0.0/16", "192.168.7.8", "fd00:1::/64"],
        };

        options.Validate(isDevelopment: false).ShouldBeEmpty();
        options.ParsedAllowedRanges().Count.ShouldBe(4);
    }

    [Theory]
    [InlineData("10.20.0.1/16")]
    [InlineData("not-a-range")]
    [InlineData("10.0.0.0/33")]
    public void A_range_that_does_not_parse_is_reported(string range) =>
        new OutboundOptions { AllowedRanges = [range] }
            .Validate(isDevelopment: true)
            .ShouldHaveSingleItem()
            .ShouldContain($"'{range}' is not an address or a CIDR range");
}

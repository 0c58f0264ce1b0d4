using Makini.Flows.Connectors.Runtime;
using Makini.Flows.Tests.Fakes;

namespace Makini.Flows.Connectors.Tests.Vendors;

public sealed class MaintainXConnectorTests : VendorContract<MaintainXFake>
{
    protected override string ConnectorId => "maintainx";

    protected override MaintainXFake CreateFake() => new();

    protected override Dictionary<string, string?> RightCredentials() =>
        new() { ["instanceUrl"] = Fake.InstanceUrl, ["apiKey"] = MaintainXFake.ApiKey };

    protected override Dictionary<string, string?> WrongCredentials() =>
        new() { ["instanceUrl"] = Fake.InstanceUrl, ["apiKey"] = "mx_live_revoked0000000000" };

    protected override string RevokedAnswer => """{"error":"Invalid token"}""";

    protected override DateTimeOffset? SentSince(RecordedRequest request) =>
        FakeFormats.ParseIso(request.QueryValue("updatedAt[gte]"));

    [Fact]
    public async Task Pages_follow_the_next_cursor_with_the_bearer_key()
    {
        var pages = await ReadAll(Client(), "work-orders");

        pages.Count.ShouldBe(3);
        var requests = Fake.Requests;
        requests.ShouldAllBe(r => r.Header("Authorization") == $"Bearer {MaintainXFake.ApiKey}");
        requests.ShouldAllBe(r => r.QueryValue("limit") == "100");
        requests[0].QueryValue("cursor").ShouldBeNull();
        for (var i = 1; i < requests.Count; i++)
            requests[i].QueryValue("cursor").ShouldBe(pages[i - 1].Next!.Cursor);
        requests[0].Query["expand"].ShouldContain("asset");
    }

    [Fact]
    public async Task The_organization_id_is_sent_when_given_and_a_foreign_one_is_refused()
    {
        var credentials = RightCredentials();
        credentials["organizationId"] = MaintainXFake.OrganizationId.ToString();
        await Client(credentials).CheckAsync(Cancel);
        Fake.Requests.ShouldHaveSingleItem()
            .Header("x-organization-id")
            .ShouldBe(MaintainXFake.OrganizationId.ToString());

        credentials["organizationId"] = "1";
        var refused = await Should.ThrowAsync<ConnectorException>(() =>
            Client(credentials).CheckAsync(Cancel)
        );

        refused.Code.ShouldBe(ConnectorErrorCode.AuthenticationFailed);
        refused.HttpStatus.ShouldBe(403);
    }

    [Fact]
    public async Task Without_an_organization_id_no_such_header_is_sent()
    {
        await Client().CheckAsync(Cancel);

        Fake.Requests.ShouldHaveSingleItem().Header("x-organization-id").ShouldBeNull();
    }

    [Fact]
    public async Task A_spent_rate_limit_window_is_waited_out_instead_of_drawing_a_429()
    {
        Fake.RateLimit = 2;
        Fake.RateLimitWindow = TimeSpan.FromSeconds(2);

        var pages = await ReadAll(Client(), "work-orders");

        pages.Sum(p => p.Records.Count).ShouldBe(Fake.Records("work-orders").Count);
        var requests = Fake.Requests;
        requests.ShouldAllBe(r => r.Status == 200, string.Join("\n", requests));
        (requests[2].ArrivedAt - requests[0].ArrivedAt).ShouldBeGreaterThanOrEqualTo(
            TimeSpan.FromSeconds(1)
        );
    }
}

using System.Text;
using Makini.Flows.Tests.Fakes;

namespace Makini.Flows.Connectors.Tests.Vendors;

public sealed class LimbleConnectorTests : VendorContract<LimbleFake>
{
    protected override string ConnectorId => "limble";

    protected override LimbleFake CreateFake() => new();

    protected override Dictionary<string, string?> RightCredentials() =>
        new()
        {
            ["instanceUrl"] = Fake.InstanceUrl,
            ["clientId"] = LimbleFake.ClientId,
            ["clientSecret"] = LimbleFake.ClientSecret,
        };

    protected override Dictionary<string, string?> WrongCredentials()
    {
        var credentials = RightCredentials();
        credentials["clientSecret"] = "sk_limble_wrong";
        return credentials;
    }

    protected override string RevokedAnswer => """{"error":"Invalid client id or client secret"}""";

    /// <summary>Limble's lists take no modification time.</summary>
    protected override bool ReadsIncrementally => false;

    protected override DateTimeOffset? SentSince(RecordedRequest request) =>
        request.Query.Keys.Any(k => k is not ("page" or "limit")) ? DateTimeOffset.MinValue : null;

    [Fact]
    public async Task Tasks_are_read_by_numbered_pages_with_the_client_id_and_secret()
    {
        var pages = await ReadAll(Client(), "work-orders");

        pages.Select(p => p.Records.Count).ShouldBe([100, 100, 30]);
        var requests = Fake.Requests;
        requests.Select(r => r.Path).Distinct().ShouldBe(["/v2/tasks"]);
        requests.Select(r => r.QueryValue("page")).ShouldBe(["1", "2", "3"]);
        requests.ShouldAllBe(r => r.QueryValue("limit") == "100");
        var basic = Convert.ToBase64String(
            Encoding.UTF8.GetBytes($"{LimbleFake.ClientId}:{LimbleFake.ClientSecret}")
        );
        requests.ShouldAllBe(r => r.Header("Authorization") == $"Basic {basic}");
    }
}

using System.Text.Json.Nodes;
using Makini.Flows.Tests.Fakes;

namespace Makini.Flows.Connectors.Tests.Vendors;

public sealed class FiixConnectorTests : VendorContract<FiixFake>
{
    protected override string ConnectorId => "fiix";

    protected override FiixFake CreateFake() => new();

    protected override Dictionary<string, string?> RightCredentials() =>
        new()
        {
            ["instanceUrl"] = Fake.InstanceUrl,
            ["appKey"] = FiixFake.AppKey,
            ["accessKey"] = FiixFake.AccessKey,
            ["secretKey"] = FiixFake.SecretKey,
        };

    protected override Dictionary<string, string?> WrongCredentials()
    {
        var credentials = RightCredentials();
        credentials["secretKey"] = "macmms-secret-guessed";
        return credentials;
    }

    protected override string RevokedAnswer =>
        """{"_maCn":"FindResponse","error":{"code":1,"message":"Authentication failed: unknown application or access key","leg":"API"}}""";

    /// <summary>The last parameter of the request's filter: the modification time, in epoch milliseconds.</summary>
    protected override DateTimeOffset? SentSince(RecordedRequest request)
    {
        var filters = JsonNode.Parse(request.Body)?["filters"]?.AsArray();
        var ql = (string?)filters?[0]?["ql"];
        if (
            ql is null
            || !(ql.Contains("dtmDateLastModified >= ?") || ql.Contains("dtmDateLastUpdated >= ?"))
        )
            return null;
        return DateTimeOffset.FromUnixTimeMilliseconds(
            (long)filters![0]!["parameters"]!.AsArray()[^1]!
        );
    }

    [Fact]
    public async Task Every_request_is_signed_over_its_own_url_with_a_fresh_timestamp()
    {
        await ReadAll(Client(), "work-orders");

        var requests = Fake.Requests;
        requests.Count.ShouldBe(1);
        foreach (var request in requests)
        {
            request.Method.ShouldBe("POST");
            request.Header("Content-Type")!.ShouldStartWith("text/plain");
            request.QueryValue("service").ShouldBe("cmms");
            request.QueryValue("appKey").ShouldBe(FiixFake.AppKey);
            request.QueryValue("signatureMethod").ShouldBe("HmacSHA256");
            var url = request.Header("Host") + request.Path + request.QueryString;
            request.Header("Authorization").ShouldBe(FiixFake.Sign(url));
            long.Parse(request.QueryValue("timestamp")!)
                .ShouldBeGreaterThan(Fake.Now.AddMinutes(-1).ToUnixTimeMilliseconds());
        }
    }

    [Theory]
    [InlineData(50, new[] { 0, 50, 100, 150, 200 })]
    [InlineData(115, new[] { 0, 115 })]
    public async Task Pages_advance_startIndex_in_the_body_and_stop_at_totalObjects(
        int size,
        int[] starts
    )
    {
        var manifest = ManifestWith(m => m["streams"]![0]!["pagination"]!["limit"] = size);

        var pages = await ReadAll(Client(manifest), "work-orders");

        pages.Sum(p => p.Records.Count).ShouldBe(Fake.Records("work-orders").Count);
        var bodies = Fake.Requests.Select(r => JsonNode.Parse(r.Body)!).ToList();
        bodies.ShouldAllBe(b =>
            (string?)b["_maCn"] == "FindRequest" && (string?)b["className"] == "WorkOrder"
        );
        bodies.ShouldAllBe(b => (int)b["maxObjects"]! == size);
        bodies.Select(b => (int)b["startIndex"]!).ShouldBe(starts);
    }

    [Fact]
    public async Task Sites_locations_equipment_and_parts_are_told_apart_by_their_category()
    {
        var client = Client();

        foreach (var entity in new[] { "sites", "locations", "assets", "materials" })
        {
            var pages = await ReadAll(client, entity);
            pages.Sum(p => p.Records.Count).ShouldBe(Fake.Records(entity).Count, entity);
        }
        Fake.Records("sites").Count.ShouldBe(5);
        Fake.Records("materials").Count.ShouldBe(70);
    }
}

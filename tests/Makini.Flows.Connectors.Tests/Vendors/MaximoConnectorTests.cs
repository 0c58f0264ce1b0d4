using System.Text;
using System.Text.RegularExpressions;
using Makini.Flows.Connectors.Runtime;
using Makini.Flows.Tests.Fakes;

namespace Makini.Flows.Connectors.Tests.Vendors;

public sealed partial class MaximoConnectorTests : VendorContract<MaximoFake>
{
    protected override string ConnectorId => "maximo";

    protected override MaximoFake CreateFake() => new();

    protected override Dictionary<string, string?> RightCredentials() =>
        new() { ["instanceUrl"] = Fake.InstanceUrl, ["apiKey"] = MaximoFake.ApiKey };

    protected override Dictionary<string, string?> WrongCredentials() =>
        new()
        {
            ["instanceUrl"] = Fake.InstanceUrl,
            ["apiKey"] = "k0b5d8c1r3v7m2q9s6a4e0n8t1lWRONG",
        };

    protected override string RevokedAnswer =>
        """{"Error":{"reasonCode":"BMXAA7901E","message":"BMXAA7901E - You cannot log in at this time. Contact the system administrator.","statusCode":"401"}}""";

    protected override DateTimeOffset? SentSince(RecordedRequest request) =>
        request.QueryValue("oslc.where") is { } where
        && ChangedSince().Match(where) is { Success: true } match
            ? FakeFormats.ParseIso(match.Groups[1].Value)
            : null;

    [GeneratedRegex("changedate>=\"([^\"]+)\"")]
    private static partial Regex ChangedSince();

    private Dictionary<string, string?> UserAndPassword(string password) =>
        new()
        {
            ["instanceUrl"] = Fake.InstanceUrl,
            ["username"] = MaximoFake.User,
            ["password"] = password,
        };

    [Fact]
    public async Task The_api_key_goes_in_the_apikey_header_and_nothing_else()
    {
        await Client().CheckAsync(Cancel);

        var request = Fake.Requests.ShouldHaveSingleItem();
        request.Path.ShouldBe("/maximo/api/whoami");
        request.Header("apikey").ShouldBe(MaximoFake.ApiKey);
        request.Header("maxauth").ShouldBeNull();
        request.Header("Authorization").ShouldBeNull();
    }

    [Fact]
    public async Task Without_an_api_key_the_user_and_password_go_in_maxauth()
    {
        await Client(UserAndPassword(MaximoFake.Password)).CheckAsync(Cancel);

        var request = Fake.Requests.ShouldHaveSingleItem();
        request
            .Header("maxauth")
            .ShouldBe(
                Convert.ToBase64String(
                    Encoding.UTF8.GetBytes($"{MaximoFake.User}:{MaximoFake.Password}")
                )
            );
        request.Header("apikey").ShouldBeNull();
    }

    [Fact]
    public async Task A_wrong_maxauth_password_is_refused_with_Maximos_reason()
    {
        var refused = await Should.ThrowAsync<ConnectorException>(() =>
            Client(UserAndPassword("guess")).CheckAsync(Cancel)
        );

        refused.Code.ShouldBe(ConnectorErrorCode.AuthenticationFailed);
        refused.SourceMessage!.ShouldContain("BMXAA7901E");
    }

    [Fact]
    public async Task Pages_follow_the_next_page_href_with_lean_answers_and_the_selected_attributes()
    {
        var pages = await ReadAll(Client(), "work-orders");

        pages.Count.ShouldBe(3);
        var requests = Fake.Requests;
        requests.Select(r => r.QueryValue("pageno")).ShouldBe([null, "2", "3"]);
        requests.ShouldAllBe(r => r.Path == "/maximo/api/os/mxapiwo");
        requests.ShouldAllBe(r =>
            r.QueryValue("lean") == "1" && r.QueryValue("oslc.pageSize") == "100"
        );
        requests.ShouldAllBe(r => r.QueryValue("oslc.select")!.Contains("wonum"));
        pages[0].Records[0].GetProperty("wonum").GetString().ShouldNotBeNullOrEmpty();
    }
}

using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Runtime;
using Makini.Flows.Tests.Fakes;

namespace Makini.Flows.Connectors.Tests.Vendors;

public sealed class UpKeepConnectorTests : VendorContract<UpKeepFake>
{
    protected override string ConnectorId => "upkeep";

    protected override UpKeepFake CreateFake() => new();

    protected override Dictionary<string, string?> RightCredentials() =>
        new()
        {
            ["instanceUrl"] = Fake.InstanceUrl,
            ["email"] = UpKeepFake.Email,
            ["password"] = Fake.Password,
        };

    protected override Dictionary<string, string?> WrongCredentials() =>
        new()
        {
            ["instanceUrl"] = Fake.InstanceUrl,
            ["email"] = UpKeepFake.Email,
            ["password"] = "not-the-password",
        };

    protected override string RevokedAnswer =>
        """{"success":false,"message":"Invalid session token"}""";

    /// <summary>The session ends and the password was changed: the new login is refused as UpKeep refuses it.</summary>
    protected override void RevokeCredentials()
    {
        Fake.ExpireSessions();
        Fake.Password = "changed-by-an-admin";
    }

    protected override int RevokedStatus => 400;

    protected override bool IsRead(RecordedRequest request) => request.Path != "/api/v2/auth";

    protected override DateTimeOffset? SentSince(RecordedRequest request) =>
        long.TryParse(request.QueryValue("updatedAtGreaterThan"), out var millis)
            ? DateTimeOffset.FromUnixTimeMilliseconds(millis)
            : null;

    private IEnumerable<RecordedRequest> Logins =>
        Fake.Requests.Where(r => r.Path == "/api/v2/auth");

    [Fact]
    public async Task One_login_serves_every_call_and_its_token_travels_in_Session_Token()
    {
        var client = Client();
        await client.CheckAsync(Cancel);
        await ReadAll(client, "assets");

        var login = Logins.ShouldHaveSingleItem();
        login.Method.ShouldBe("POST");
        var body = JsonNode.Parse(login.Body)!;
        ((string?)body["email"]).ShouldBe(UpKeepFake.Email);
        ((string?)body["password"]).ShouldBe(Fake.Password);
        Fake.Requests.Where(IsRead)
            .Select(r => r.Header("Session-Token"))
            .Distinct()
            .ShouldHaveSingleItem()
            .ShouldStartWith("r:");
    }

    [Fact]
    public async Task Pages_step_by_offset_until_a_short_page()
    {
        var pages = await ReadAll(Client(), "work-orders");

        pages.Select(p => p.Records.Count).ShouldBe([100, 100, 30]);
        Fake.Requests.Where(IsRead)
            .Select(r => r.QueryValue("offset"))
            .ShouldBe(["0", "100", "200"]);
        Fake.Requests.Where(IsRead).ShouldAllBe(r => r.QueryValue("limit") == "100");
    }

    [Fact]
    public async Task Sessions_expired_during_a_read_are_renewed_with_one_new_login_and_the_read_completes()
    {
        var client = Client();
        var records = 0;
        var pages = 0;
        await foreach (var page in client.ReadAsync("work-orders", new ReadOptions(), Cancel))
        {
            records += page.Records.Count;
            if (++pages == 1)
                Fake.ExpireSessions();
        }

        records.ShouldBe(Fake.Records("work-orders").Count);
        Logins.Count().ShouldBe(2);
        var refused = Fake.Requests.Where(r => r.Status == 401).ShouldHaveSingleItem();
        var renewal = Logins.Last();
        renewal.ArrivedAt.ShouldBeGreaterThan(refused.ArrivedAt);
        Fake.Requests.Last().Header("Session-Token").ShouldNotBe(refused.Header("Session-Token"));
    }

    [Fact]
    public async Task A_session_about_to_expire_is_renewed_before_it_draws_a_401()
    {
        Fake.SessionLifetime = TimeSpan.FromSeconds(32);
        var client = Client();
        await client.CheckAsync(Cancel);

        await Task.Delay(TimeSpan.FromSeconds(2.5), Cancel);
        await client.CheckAsync(Cancel);

        Logins.Count().ShouldBe(2);
        Fake.Requests.ShouldAllBe(r => r.Status == 200);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_without_retrying_the_login()
    {
        await Should.ThrowAsync<ConnectorException>(() =>
            Client(WrongCredentials()).CheckAsync(Cancel)
        );

        Logins.ShouldHaveSingleItem().Status.ShouldBe(400);
        Fake.Requests.Count.ShouldBe(1);
    }
}

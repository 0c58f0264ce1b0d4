using System.Net;
using System.Text;
using Makini.Flows.Connectors.Demo;

namespace Makini.Flows.Connectors.Tests.Demo;

public sealed class DemoCmmsLoginTests
{
    [Fact]
    public async Task The_sample_credentials_get_a_token_valid_for_an_hour()
    {
        using var api = new DemoApi();

        using var response = await api.LogIn(DemoCredentials.Username, DemoCredentials.Password);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await DemoApi.Json(response);
        body["token"]!.GetValue<string>().Length.ShouldBeGreaterThanOrEqualTo(32);
        body["expiresAt"]!.GetValue<string>().ShouldBe(DemoApi.Iso(DemoApi.Start.AddHours(1)));
    }

    [Fact]
    public async Task Two_logins_get_different_tokens()
    {
        using var api = new DemoApi();

        var first = await api.LogIn();
        var second = await api.LogIn();

        second.ShouldNotBe(first);
    }

    [Theory]
    [InlineData("demo@makini.io", "wrong-password")]
    [InlineData("someone@makini.io", "makini-demo")]
    [InlineData("", "")]
    public async Task Wrong_credentials_are_refused_with_invalid_credentials(
        string username,
        string password
    )
    {
        using var api = new DemoApi();

        using var response = await api.LogIn(username, password);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var body = await DemoApi.Json(response);
        body["error"]!.GetValue<string>().ShouldBe("invalid_credentials");
        body["message"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        api.Cmms.Handler.SessionCount.ShouldBe(0);
    }

    [Fact]
    public async Task The_username_is_an_email_and_its_case_does_not_matter()
    {
        using var api = new DemoApi();

        using var response = await api.LogIn("Demo@Makini.IO", DemoCredentials.Password);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("{\"username\": \"demo@makini.io\"}")]
    [InlineData("{\"username\": 5, \"password\": \"makini-demo\"}")]
    public async Task A_body_that_is_not_a_login_gets_400(string body)
    {
        using var api = new DemoApi();

        using var response = await api.Http.PostAsync(
            "auth/login",
            new StringContent(body, Encoding.UTF8, "application/json"),
            DemoApi.Cancel
        );

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await DemoApi.Json(response))["error"]!.GetValue<string>().ShouldBe("invalid_request");
    }

    [Fact]
    public async Task Logging_in_with_get_is_not_allowed()
    {
        using var api = new DemoApi();

        var (status, body) = await api.Get("auth/login");

        status.ShouldBe(HttpStatusCode.MethodNotAllowed);
        body["error"]!.GetValue<string>().ShouldBe("method_not_allowed");
    }

    [Fact]
    public async Task Tokens_are_held_up_to_a_bound()
    {
        using var api = new DemoApi(new DemoCmmsOptions { MaxSessions = 20 });

        for (var i = 0; i < 100; i++)
            await api.LogIn();

        api.Cmms.Handler.SessionCount.ShouldBeLessThanOrEqualTo(20);
        var (status, _) = await api.Get("me");
        status.ShouldBe(HttpStatusCode.OK, "the newest token is kept");
    }
}

using System.Net;
using Makini.Flows.Connectors.Demo;

namespace Makini.Flows.Connectors.Tests.Demo;

public sealed class DemoCmmsAuthorizationTests
{
    [Fact]
    public async Task Me_answers_the_signed_in_user()
    {
        using var api = new DemoApi();
        await api.LogIn();

        var (status, body) = await api.Get("me");

        status.ShouldBe(HttpStatusCode.OK);
        body["email"]!.GetValue<string>().ShouldBe(DemoCredentials.Username);
        body["role"]!.GetValue<string>().ShouldBe("admin");
    }

    [Theory]
    [InlineData("me")]
    [InlineData("work-orders")]
    [InlineData("assets?page=2")]
    public async Task Without_a_token_every_endpoint_answers_401(string path)
    {
        using var api = new DemoApi();

        var (status, body) = await api.Get(path);

        status.ShouldBe(HttpStatusCode.Unauthorized);
        body["error"]!.GetValue<string>().ShouldBe("unauthorized");
    }

    [Fact]
    public async Task A_token_that_was_never_issued_is_refused()
    {
        using var api = new DemoApi();
        api.Http.DefaultRequestHeaders.Authorization = new("Bearer", "made-up-token");

        var (status, body) = await api.Get("sites");

        status.ShouldBe(HttpStatusCode.Unauthorized);
        body["error"]!.GetValue<string>().ShouldBe("unauthorized");
    }

    [Fact]
    public async Task A_token_expires_after_an_hour_and_a_new_login_works_again()
    {
        using var api = new DemoApi();
        await api.LogIn();
        api.Clock.Advance(TimeSpan.FromMinutes(59));
        (await api.Get("me")).Status.ShouldBe(HttpStatusCode.OK);

        api.Clock.Advance(TimeSpan.FromMinutes(1));

        (await api.Get("me")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        await api.LogIn();
        (await api.Get("me")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Answers_carry_the_rate_limit_and_too_many_requests_get_429_with_retry_after()
    {
        using var api = new DemoApi(new DemoCmmsOptions { RequestsPerMinute = 5 });
        await api.LogIn();
        api.Clock.Advance(TimeSpan.FromSeconds(15));

        for (var i = 1; i <= 5; i++)
        {
            using var allowed = await api.Http.GetAsync("me", DemoApi.Cancel);
            allowed.StatusCode.ShouldBe(HttpStatusCode.OK);
            allowed.Headers.GetValues("X-RateLimit-Limit").Single().ShouldBe("5");
            allowed
                .Headers.GetValues("X-RateLimit-Remaining")
                .Single()
                .ShouldBe((5 - i).ToString());
        }
        using var refused = await api.Http.GetAsync("me", DemoApi.Cancel);

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await DemoApi.Json(refused))["error"]!.GetValue<string>().ShouldBe("rate_limited");
        refused.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(45));
        var reset = DateTimeOffset.FromUnixTimeSeconds(
            long.Parse(refused.Headers.GetValues("X-RateLimit-Reset").Single())
        );
        reset.ShouldBe(DemoApi.Start.AddMinutes(1));

        api.Clock.Advance(TimeSpan.FromSeconds(45));
        (await api.Get("me")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("work-order")]
    [InlineData("work-orders/WO-00001")]
    [InlineData("admin")]
    public async Task An_unknown_path_gets_404_json(string path)
    {
        using var api = new DemoApi();
        await api.LogIn();

        var (status, body) = await api.Get(path);

        status.ShouldBe(HttpStatusCode.NotFound);
        body["error"]!.GetValue<string>().ShouldBe("not_found");
        body["message"]!.GetValue<string>().ShouldContain("work-orders");
    }

    [Fact]
    public async Task A_path_outside_the_api_gets_404_json()
    {
        using var api = new DemoApi();

        using var response = await api.Http.GetAsync("/index.html", DemoApi.Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await DemoApi.Json(response))["error"]!.GetValue<string>().ShouldBe("not_found");
    }

    [Fact]
    public async Task Writing_to_a_list_is_not_allowed()
    {
        using var api = new DemoApi();
        await api.LogIn();

        using var response = await api.Http.DeleteAsync("assets", DemoApi.Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.ShouldBe(["GET"]);
    }
}

using System.Net;
using Makini.Flows.Server.Startup;
using Makini.Flows.Server.Tests.Connections;
using Makini.Flows.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Makini.Flows.Server.Tests.Api;

/// <summary>What an operator meets at start: the listening address, a weak preset key, how a 401 says what to send.</summary>
public sealed class StartupHardeningTests
{
    [Fact]
    public void The_default_address_yields_to_ASPNETCORE_URLS_and_to_urls()
    {
        var plain = WebApplication.CreateBuilder([]);
        DefaultAddress.Apply(plain);
        plain.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey).ShouldBe(DefaultAddress.Url);

        var given = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:5999"]);
        DefaultAddress.Apply(given);
        given.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey).ShouldBe("http://127.0.0.1:5999");
    }

    [Fact]
    public async Task The_server_process_listens_where_ASPNETCORE_URLS_says()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"makini-urls-{Guid.NewGuid():N}");
        var port = ServerProcess.FreePort();
        try
        {
            // As `ASPNETCORE_URLS=http://127.0.0.1:5999 dotnet run --project Makini.Flows.Server` starts it: the
            // built server, its data folder in a temporary one, the address in ASPNETCORE_URLS only.
            await using var server = await ServerProcess.StartAsync(
                port,
                new() { ["Database__DataFolder"] = folder },
                TestContext.Current.CancellationToken,
                addressVariable: "ASPNETCORE_URLS"
            );

            using var live = await server.Client.GetAsync(
                "/health/live",
                TestContext.Current.CancellationToken
            );
            live.StatusCode.ShouldBe(HttpStatusCode.OK);
            server.Client.BaseAddress!.Port.ShouldBe(port);
            File.Exists(Path.Combine(folder, "makini.db")).ShouldBeTrue();
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_preset_admin_key_shorter_than_32_characters_stops_the_start_with_a_clear_message()
    {
        var host = TestDatabases
            .Sqlite()
            .Server(settings: new Dictionary<string, string> { ["MAKINI_ADMIN_KEY"] = "a" });
        var failure = Should.Throw<InvalidOperationException>(() => host.ClientWithKey());
        failure.Message.ShouldContain("MAKINI_ADMIN_KEY is 1 characters long");
        failure.Message.ShouldContain("at least 32 characters");
    }

    [Fact]
    public async Task A_401_says_to_send_a_bearer_key()
    {
        await using var host = TestDatabases.Sqlite().Server();
        var anonymous = await host.ClientWithKey(null)
            .GetAsync("/api/flows", TestContext.Current.CancellationToken);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        anonymous.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
        var wrong = await host.ClientWithKey("mk_wrong_key_0000000000000000000000")
            .GetAsync("/api/flows", TestContext.Current.CancellationToken);
        wrong.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer error=\"invalid_token\"");
    }
}

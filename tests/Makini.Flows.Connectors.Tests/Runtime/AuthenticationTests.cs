using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Runtime;
using Microsoft.AspNetCore.Http;

namespace Makini.Flows.Connectors.Tests.Runtime;

public sealed class AuthenticationTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Basic_credentials_are_sent_and_a_refusal_is_authentication_failed_with_the_sources_words()
    {
        await using var source = await LoopbackSource.StartAsync(async context =>
        {
            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ada:s3cret"));
            if (context.Request.Headers.Authorization != expected)
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsJsonAsync(new { message = "Bad API credentials" });
                return;
            }
            await context.Response.WriteAsJsonAsync(new { id = 1 });
        });
        using var runtime = RuntimeFixture.Runtime();
        var manifest = TestManifests.Make(TestManifests.Basic(), TestManifests.NoPages());

        await runtime.Client(manifest, source.BaseUrl).CheckAsync(Cancel);
        var refused = await Should.ThrowAsync<ConnectorException>(() =>
            runtime
                .Client(
                    manifest,
                    "con_2",
                    new Dictionary<string, string>
                    {
                        ["instanceUrl"] = source.BaseUrl,
                        ["username"] = "ada",
                        ["password"] = "wrong",
                    }
                )
                .CheckAsync(Cancel)
        );

        refused.CodeName.ShouldBe("AUTHENTICATION_FAILED");
        refused.HttpStatus.ShouldBe(401);
        refused.Message.ShouldContain("Bad API credentials");
        refused.Message.ShouldNotContain("wrong");
    }

    [Fact]
    public async Task An_oauth2_token_is_fetched_once_reused_and_fetched_again_after_a_401()
    {
        var issued = 0;
        var valid = "";
        await using var source = await LoopbackSource.StartAsync(async context =>
        {
            if (context.Request.Path == "/oauth/token")
            {
                var form = await context.Request.ReadFormAsync();
                var client =
                    "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ada:s3cret"));
                if (
                    form["grant_type"] != "client_credentials"
                    || context.Request.Headers.Authorization != client
                )
                {
                    context.Response.StatusCode = 401;
                    await context.Response.WriteAsJsonAsync(new { error = "invalid_client" });
                    return;
                }
                valid = $"token-{++issued}";
                await context.Response.WriteAsJsonAsync(
                    new
                    {
                        access_token = valid,
                        token_type = "Bearer",
                        expires_in = 3600,
                    }
                );
                return;
            }
            if (context.Request.Headers.Authorization != $"Bearer {valid}")
            {
                context.Response.StatusCode = 401;
                return;
            }
            await context.Response.WriteAsJsonAsync(new { items = new[] { new { id = 1 } } });
        });
        using var runtime = RuntimeFixture.Runtime();
        var manifest = TestManifests.Make(
            new JsonObject
            {
                ["type"] = "oauth2ClientCredentials",
                ["tokenUrl"] = "/oauth/token",
                ["clientId"] = "{{credentials.username}}",
                ["clientSecret"] = "{{credentials.password}}",
                ["scopes"] = new JsonArray("read"),
            },
            TestManifests.NoPages()
        );
        var client = runtime.Client(manifest, source.BaseUrl);

        await client.CheckAsync(Cancel);
        await client.ReadAll();
        issued.ShouldBe(1);

        valid = "revoked";
        (await client.ReadAll()).ShouldHaveSingleItem().Records.Count.ShouldBe(1);
        issued.ShouldBe(2);
    }

    [Fact]
    public async Task A_session_login_refused_is_authentication_failed_and_not_retried()
    {
        await using var source = await LoopbackSource.StartAsync(async context =>
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsJsonAsync(
                new { success = false, message = "Invalid email or password" }
            );
        });
        using var runtime = RuntimeFixture.Runtime();
        var manifest = TestManifests.Make(
            new JsonObject
            {
                ["type"] = "session",
                ["login"] = new JsonObject
                {
                    ["method"] = "POST",
                    ["path"] = "/auth",
                    ["body"] = new JsonObject
                    {
                        ["email"] = "{{credentials.username}}",
                        ["password"] = "{{credentials.password}}",
                    },
                },
                ["token"] = "/result/sessionToken",
                ["header"] = "Session-Token",
            },
            TestManifests.NoPages()
        );

        var refused = await Should.ThrowAsync<ConnectorException>(() =>
            runtime.Client(manifest, source.BaseUrl).CheckAsync(Cancel)
        );

        refused.Code.ShouldBe(ConnectorErrorCode.AuthenticationFailed);
        refused.Message.ShouldContain("Invalid email or password");
        source.Requests.Count.ShouldBe(1);
        source.Requests.Single().Body.ShouldContain("\"email\":\"ada\"");
    }

    [Fact]
    public async Task An_hmac_signed_url_carries_the_keys_and_a_signature_of_the_url_without_its_scheme()
    {
        await using var source = await LoopbackSource.StartAsync(context =>
            context.Response.WriteAsJsonAsync(new { ok = true })
        );
        using var runtime = RuntimeFixture.Runtime();
        var manifest = TestManifests.Make(
            new JsonObject
            {
                ["type"] = "hmacSignedUrl",
                ["query"] = new JsonObject
                {
                    ["appKey"] = "{{credentials.username}}",
                    ["timestamp"] = "{{now.epochMillis}}",
                },
                ["secret"] = "{{credentials.password}}",
                ["header"] = "Authorization",
            },
            TestManifests.NoPages()
        );

        await runtime.Client(manifest, source.BaseUrl).CheckAsync(Cancel);

        var request = source.Requests.Single();
        request.Query.ShouldContain("appKey=ada");
        var signed = $"{new Uri(source.BaseUrl).Authority}/me{request.Query}";
        var expected = Convert.ToHexStringLower(
            System.Security.Cryptography.HMACSHA256.HashData(
                Encoding.UTF8.GetBytes("s3cret"),
                Encoding.UTF8.GetBytes(signed)
            )
        );
        request.Headers["Authorization"].ShouldBe(expected);
    }
}

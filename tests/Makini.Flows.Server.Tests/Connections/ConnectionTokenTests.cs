using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Server.Tests.Api;
using Makini.Flows.Tests.Fakes;
using Makini.Flows.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using static Makini.Flows.Server.Tests.Connections.ConnectionCalls;

namespace Makini.Flows.Server.Tests.Connections;

/// <summary>Connection tokens: shown once, stored hashed, read their own connection and nothing else.</summary>
public abstract class ConnectionTokenTests(TestDatabases databases) : IAsyncLifetime
{
    private MaintainXFake _fake = null!;
    private ServerHost _host = null!;
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _fake = new MaintainXFake();
        await _fake.StartAsync();
        _host = databases.Server();
        _admin = _host.ClientWithKey();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _fake.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_token_is_shown_once_stored_hashed_and_reads_only_its_own_connection()
    {
        var id = Id(await CreateAsync(_admin, MaintainX(_fake)));
        var other = Id(await CreateAsync(_admin, MaintainX(_fake, "Other plant")));

        var created = await _admin.PostAsJsonAsync(
            $"/api/connections/{id}/tokens",
            new { name = "customer portal" },
            Ct
        );
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await BodyAsync(created);
        var token = body["token"]!.GetValue<string>();
        token.ShouldStartWith("mkc_");
        token[..body["prefix"]!.GetValue<string>().Length]
            .ShouldBe(body["prefix"]!.GetValue<string>());
        var listed = await _admin.GetStringAsync($"/api/connections/{id}/tokens", Ct);
        listed.ShouldNotContain(token);
        listed.ShouldContain(body["prefix"]!.GetValue<string>());
        var stored = await InDatabaseAsync(
            _host,
            db => db.ConnectionTokens.AsNoTracking().SingleAsync(Ct)
        );
        stored.Hash.ShouldBe(
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))
        );
        stored.LastUsedAt.ShouldBeNull();

        var reader = _host.ClientWithKey(token);
        var own = await reader.GetAsync($"/api/connections/{id}", Ct);
        own.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await BodyAsync(own))["credentials"]!["apiKey"]!.GetValue<string>().ShouldBe("********");
        foreach (
            var (method, path) in new[]
            {
                ("GET", $"/api/connections/{other}"),
                ("GET", "/api/connections"),
                ("GET", $"/api/connections/{id}/tokens"),
                ("GET", $"/api/connections/{id}/status-history"),
                ("POST", $"/api/connections/{id}/check"),
                ("DELETE", $"/api/connections/{id}"),
                ("GET", "/api/flows"),
                ("GET", "/api/runs"),
                ("GET", "/api/connectors"),
                ("GET", "/api/keys"),
                ("GET", "/api/webhooks"),
                ("GET", "/api/activities"),
            }
        )
            (
                await reader.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Ct)
            ).StatusCode.ShouldBe(HttpStatusCode.Forbidden, $"{method} {path}");
        (
            await InDatabaseAsync(_host, db => db.ConnectionTokens.SingleAsync(Ct))
        ).LastUsedAt.ShouldNotBeNull();
        var tokens = await _admin.GetFromJsonAsync<JsonArray>($"/api/connections/{id}/tokens", Ct);
        tokens!.Single()!["lastUsedAt"].ShouldNotBeNull();

        var revoked = await _admin.DeleteAsync(
            $"/api/connections/{id}/tokens/{body["id"]!.GetValue<string>()}",
            Ct
        );
        revoked.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await reader.GetAsync($"/api/connections/{id}", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.Unauthorized
        );
    }

    [Fact]
    public async Task A_token_cannot_call_a_trigger_that_takes_API_keys()
    {
        var id = Id(await CreateAsync(_admin, MaintainX(_fake)));
        var token = (
            await BodyAsync(
                await _admin.PostAsJsonAsync(
                    $"/api/connections/{id}/tokens",
                    new { name = "portal" },
                    Ct
                )
            )
        )["token"]!.GetValue<string>();
        var published = await _admin.PostAsync(
            "/api/flows/import?publish=true",
            new StringContent(
                """
                {
                  "$schema": "https://schemas.makini.io/flows/flow-v1.json",
                  "id": "keyed-hook",
                  "name": "keyed-hook",
                  "activities": [
                    { "id": "request", "type": "HttpTrigger", "inputs": { "path": { "literal": "keyed" }, "access": { "literal": "apiKey" } } },
                    { "id": "answer", "type": "HttpResponse", "inputs": { "status": { "literal": 200 } } }
                  ],
                  "connections": [{ "source": "request", "sourcePort": "Done", "target": "answer" }]
                }
                """,
                Encoding.UTF8,
                "application/json"
            ),
            Ct
        );
        published.StatusCode.ShouldBe(
            HttpStatusCode.OK,
            await published.Content.ReadAsStringAsync(Ct)
        );

        var withToken = await _host.ClientWithKey(token).PostAsync("/hooks/keyed", null, Ct);
        var withKey = await _admin.PostAsync("/hooks/keyed", null, Ct);

        withToken.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        withKey.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_token_needs_a_name_and_a_runner_key_cannot_manage_connections()
    {
        var id = Id(await CreateAsync(_admin, MaintainX(_fake)));
        var nameless = await _admin.PostAsJsonAsync(
            $"/api/connections/{id}/tokens",
            new { name = " " },
            Ct
        );
        var runnerKey = await _admin.PostAsJsonAsync(
            "/api/keys",
            new { name = "ci", role = "runner" },
            Ct
        );
        var runner = _host.ClientWithKey((await BodyAsync(runnerKey))["key"]!.GetValue<string>());

        nameless.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await BodyAsync(nameless))["pointer"]!.GetValue<string>().ShouldBe("/name");
        (await runner.GetAsync($"/api/connections/{id}", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.Forbidden
        );
        (
            await runner.PostAsJsonAsync("/api/connections", MaintainX(_fake), Ct)
        ).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await runner.GetAsync("/api/connectors", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.Forbidden
        );
    }
}

public sealed class ConnectionTokenTestsOnSqlite() : ConnectionTokenTests(TestDatabases.Sqlite());

public sealed class ConnectionTokenTestsOnPostgres(PostgresServer postgres)
    : ConnectionTokenTests(TestDatabases.Postgres(postgres));

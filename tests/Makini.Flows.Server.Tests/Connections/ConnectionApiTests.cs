using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Server.Tests.Api;
using Makini.Flows.Tests.Fakes;
using Makini.Flows.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using static Makini.Flows.Server.Tests.Connections.ConnectionCalls;

namespace Makini.Flows.Server.Tests.Connections;

/// <summary>The connections API as a client sees it, against a loopback MaintainX; runs once per database provider.</summary>
public abstract class ConnectionApiTests(TestDatabases databases) : IAsyncLifetime
{
    private readonly CapturedLog _log = new();
    private MaintainXFake _fake = null!;
    private ServerHost _host = null!;
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _fake = new MaintainXFake();
        await _fake.StartAsync();
        _host = databases.Server(_log);
        _admin = _host.ClientWithKey();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _fake.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Creating_a_connection_checks_it_and_answers_it_online_with_its_secrets_masked()
    {
        var created = await _admin.PostAsJsonAsync("/api/connections", MaintainX(_fake), Ct);

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var connection = await BodyAsync(created);
        var id = Id(connection);
        id.ShouldStartWith("con_");
        created.Headers.Location!.ToString().ShouldBe($"/api/connections/{id}");
        Status(connection).ShouldBe("online");
        connection["connector"]!.GetValue<string>().ShouldBe("maintainx");
        connection["connectorName"]!.GetValue<string>().ShouldBe("MaintainX");
        connection["credentials"]!["apiKey"]!.GetValue<string>().ShouldBe("********");
        connection["credentials"]!["instanceUrl"]!.GetValue<string>().ShouldBe(_fake.InstanceUrl);
        connection["credentials"]!["organizationId"]!.GetValue<string>().ShouldBe("48213");
        connection["metadata"]!["plant"]!.GetValue<string>().ShouldBe("Gent");
        connection["metadata"]!["line"]!.GetValue<int>().ShouldBe(3);
        connection["lastCheckedAt"].ShouldNotBeNull();
        connection["connectedAt"].ShouldNotBeNull();
        _fake.Requests.Count.ShouldBe(1);

        var read = await GetAsync(_admin, id);
        read.ToJsonString().ShouldBe(connection.ToJsonString());
        var history = await _admin.GetFromJsonAsync<JsonArray>(
            $"/api/connections/{id}/status-history",
            Ct
        );
        history!.Count.ShouldBe(1);
        history[0]!["to"]!.GetValue<string>().ShouldBe("online");
        history[0]!["from"].ShouldBeNull();
        (await EventsAsync(_host, id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_wrong_key_answers_422_AUTHENTICATION_FAILED_and_stores_nothing()
    {
        var refused = await _admin.PostAsJsonAsync(
            "/api/connections",
            MaintainX(_fake, key: "mx_live_wrong"),
            Ct
        );

        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await BodyAsync(refused);
        problem["code"]!.GetValue<string>().ShouldBe("AUTHENTICATION_FAILED");
        problem["sourceStatus"]!.GetValue<int>().ShouldBe(401);
        problem["detail"]!.GetValue<string>().ShouldContain("Invalid token");
        problem.ToJsonString().ShouldNotContain("mx_live_wrong");
        (await InDatabaseAsync(_host, db => db.Connections.CountAsync(Ct))).ShouldBe(0);
        (await InDatabaseAsync(_host, db => db.WorkItems.CountAsync(Ct))).ShouldBe(0);
    }

    [Fact]
    public async Task An_unreachable_system_answers_422_CONNECTION_FAILED_and_stores_nothing()
    {
        await _fake.StopAsync();

        var refused = await _admin.PostAsJsonAsync("/api/connections", MaintainX(_fake), Ct);

        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = await BodyAsync(refused);
        problem["code"]!.GetValue<string>().ShouldBe("CONNECTION_FAILED");
        problem["sourceStatus"].ShouldBeNull();
        (await InDatabaseAsync(_host, db => db.Connections.CountAsync(Ct))).ShouldBe(0);
    }

    [Fact]
    public async Task Fields_that_are_wrong_answer_400_with_their_pointers_and_store_nothing()
    {
        var missingKey = await _admin.PostAsJsonAsync(
            "/api/connections",
            new
            {
                name = "Plant Gent",
                connector = "maintainx",
                credentials = new { instanceUrl = _fake.InstanceUrl },
            },
            Ct
        );
        var unknownConnector = await _admin.PostAsJsonAsync(
            "/api/connections",
            new { name = "x", connector = "sap-pm" },
            Ct
        );
        var several = await _admin.PostAsJsonAsync(
            "/api/connections",
            new
            {
                name = "",
                connector = "maintainx",
                credentials = new
                {
                    instanceUrl = "ftp://example.com",
                    apiKey = "k",
                    tenant = "t",
                },
                metadata = new { nested = new { no = 1 } },
            },
            Ct
        );
        var notAnObject = await _admin.PostAsync(
            "/api/connections",
            new StringContent("[1]", System.Text.Encoding.UTF8, "application/json"),
            Ct
        );

        missingKey.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Pointers(await BodyAsync(missingKey)).ShouldBe(["/credentials/apiKey"]);
        unknownConnector.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var unknown = await BodyAsync(unknownConnector);
        Pointers(unknown).ShouldBe(["/connector"]);
        unknown["errors"]![0]!["message"]!.GetValue<string>().ShouldContain("maintainx");
        several.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Pointers(await BodyAsync(several))
            .ShouldBe(["/name", "/metadata/nested"], ignoreOrder: true);
        notAnObject.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        _fake.Requests.Count.ShouldBe(0);
        (await InDatabaseAsync(_host, db => db.Connections.CountAsync(Ct))).ShouldBe(0);

        var credentialProblems = await _admin.PostAsJsonAsync(
            "/api/connections",
            new
            {
                name = "Plant Gent",
                connector = "maintainx",
                credentials = new
                {
                    instanceUrl = "ftp://example.com",
                    apiKey = "k",
                    tenant = "t",
                },
            },
            Ct
        );
        Pointers(await BodyAsync(credentialProblems))
            .ShouldBe(["/credentials/instanceUrl", "/credentials/tenant"], ignoreOrder: true);
    }

    /// <summary>MaintainX's answer to a key revoked at the vendor.</summary>
    private const string RevokedKey = """{"error":"Invalid token"}""";

    private static List<string> Pointers(JsonObject problem) =>
        [.. problem["errors"]!.AsArray().Select(e => e!["pointer"]!.GetValue<string>())];

    [Fact]
    public async Task The_list_pages_filters_and_searches()
    {
        foreach (var name in new[] { "Plant Gent", "Plant Lyon", "Warehouse Oslo" })
            await CreateAsync(_admin, MaintainX(_fake, name));
        var gent = Id(
            (await _admin.GetFromJsonAsync<JsonObject>("/api/connections?search=gent", Ct))![
                "data"
            ]![0]!.AsObject()
        );
        await _admin.PostAsync($"/api/connections/{gent}/disable", null, Ct);

        var first = await _admin.GetFromJsonAsync<JsonObject>(
            "/api/connections?per_page=2&page=1",
            Ct
        );
        var second = await _admin.GetFromJsonAsync<JsonObject>(
            "/api/connections?per_page=2&page=2",
            Ct
        );
        var byName = await _admin.GetFromJsonAsync<JsonObject>("/api/connections?sort=name", Ct);
        var disabled = await _admin.GetFromJsonAsync<JsonObject>(
            "/api/connections?status=disabled",
            Ct
        );
        var plants = await _admin.GetFromJsonAsync<JsonObject>(
            "/api/connections?search=PLANT&connector=maintainx",
            Ct
        );
        var badPage = await _admin.GetAsync("/api/connections?per_page=500", Ct);
        var badStatus = await _admin.GetAsync("/api/connections?status=sleeping", Ct);

        first!["data"]!.AsArray().Count.ShouldBe(2);
        first["meta"]!["total"]!.GetValue<int>().ShouldBe(3);
        first["meta"]!["last_page"]!.GetValue<int>().ShouldBe(2);
        first["meta"]!["per_page"]!.GetValue<int>().ShouldBe(2);
        first["meta"]!["from"]!.GetValue<int>().ShouldBe(1);
        first["meta"]!["to"]!.GetValue<int>().ShouldBe(2);
        first["links"]!["prev"].ShouldBeNull();
        first["links"]!["next"]!.GetValue<string>().ShouldEndWith("page=2&per_page=2");
        second!["data"]!.AsArray().Count.ShouldBe(1);
        second["meta"]!["current_page"]!.GetValue<int>().ShouldBe(2);
        second["links"]!["next"].ShouldBeNull();
        var everyId = first["data"]!
            .AsArray()
            .Concat(second["data"]!.AsArray())
            .Select(c => c!["id"]!.GetValue<string>());
        everyId.Distinct().Count().ShouldBe(3);
        byName!["data"]!
            .AsArray()
            .Select(c => c!["name"]!.GetValue<string>())
            .ShouldBe(["Plant Gent", "Plant Lyon", "Warehouse Oslo"]);
        disabled!["data"]!.AsArray().Single()!["id"]!.GetValue<string>().ShouldBe(gent);
        plants!["meta"]!["total"]!.GetValue<int>().ShouldBe(2);
        badPage.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await BodyAsync(badPage))["pointer"]!.GetValue<string>().ShouldBe("/query/per_page");
        badStatus.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Name_and_metadata_change_without_touching_the_credentials()
    {
        var id = Id(await CreateAsync(_admin, MaintainX(_fake)));

        var patched = await _admin.PatchAsJsonAsync(
            $"/api/connections/{id}",
            new
            {
                name = "Plant Gent (line 3)",
                metadata = new { line = (int?)null, owner = "maintenance" },
            },
            Ct
        );
        var tooLong = await _admin.PatchAsJsonAsync(
            $"/api/connections/{id}",
            new { name = new string('x', 201) },
            Ct
        );

        patched.StatusCode.ShouldBe(HttpStatusCode.OK);
        var connection = await BodyAsync(patched);
        connection["name"]!.GetValue<string>().ShouldBe("Plant Gent (line 3)");
        connection["metadata"]!
            .ToJsonString()
            .ShouldBe("""{"plant":"Gent","owner":"maintenance"}""");
        connection["credentials"]!["apiKey"]!.GetValue<string>().ShouldBe("********");
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Pointers(await BodyAsync(tooLong)).ShouldBe(["/name"]);
    }

    [Fact]
    public async Task New_credentials_are_checked_first_and_the_old_ones_stay_when_they_fail()
    {
        var id = Id(await CreateAsync(_admin, MaintainX(_fake)));

        var wrong = await _admin.PutAsJsonAsync(
            $"/api/connections/{id}/credentials",
            new { credentials = new { apiKey = "mx_live_wrong" } },
            Ct
        );
        wrong.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await BodyAsync(wrong))["code"]!.GetValue<string>().ShouldBe("AUTHENTICATION_FAILED");
        Status(await PostAsync(_admin, $"/api/connections/{id}/check")).ShouldBe("online");

        // Another URL; the key left out (or sent masked) is kept.
        var moved = new MaintainXFake();
        await moved.StartAsync();
        await using (moved)
        {
            var replaced = await _admin.PutAsJsonAsync(
                $"/api/connections/{id}/credentials",
                new { credentials = new { instanceUrl = moved.InstanceUrl, apiKey = "********" } },
                Ct
            );
            replaced.StatusCode.ShouldBe(
                HttpStatusCode.OK,
                await replaced.Content.ReadAsStringAsync(Ct)
            );
            var connection = await BodyAsync(replaced);
            connection["credentials"]!["instanceUrl"]!
                .GetValue<string>()
                .ShouldBe(moved.InstanceUrl);
            connection["credentials"]!["organizationId"]!.GetValue<string>().ShouldBe("48213");
            await _fake.StopAsync();
            Status(await PostAsync(_admin, $"/api/connections/{id}/check")).ShouldBe("online");
            moved.Requests.Count.ShouldBe(2);
        }

        var missing = await _admin.PutAsJsonAsync(
            $"/api/connections/{id}/credentials",
            new { credentials = new { apiKey = (string?)null } },
            Ct
        );
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Pointers(await BodyAsync(missing)).ShouldBe(["/credentials/apiKey"]);
    }

    [Fact]
    public async Task Deleting_removes_the_connection_its_tokens_history_and_probe()
    {
        var id = Id(await CreateAsync(_admin, MaintainX(_fake)));
        var other = Id(await CreateAsync(_admin, MaintainX(_fake, "Other")));
        var token = await _admin.PostAsJsonAsync(
            $"/api/connections/{id}/tokens",
            new { name = "portal" },
            Ct
        );
        var tokenValue = (await BodyAsync(token))["token"]!.GetValue<string>();

        var deleted = await _admin.DeleteAsync($"/api/connections/{id}", Ct);
        var again = await _admin.DeleteAsync($"/api/connections/{id}", Ct);

        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        again.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _admin.GetAsync($"/api/connections/{id}", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.NotFound
        );
        (
            await _host.ClientWithKey(tokenValue).GetAsync($"/api/connections/{id}", Ct)
        ).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var (tokens, history, probes) = await InDatabaseAsync(
            _host,
            async db =>
                (
                    await db.ConnectionTokens.CountAsync(t => t.ConnectionId == id, Ct),
                    await db.ConnectionStatusChanges.CountAsync(h => h.ConnectionId == id, Ct),
                    await db.WorkItems.Select(w => w.DedupKey).ToListAsync(Ct)
                )
        );
        tokens.ShouldBe(0);
        history.ShouldBe(0);
        probes.ShouldBe([$"probe:{other}"]);
    }

    [Fact]
    public async Task Unknown_connections_answer_404()
    {
        foreach (
            var (method, path) in new[]
            {
                ("GET", "/api/connections/con_nope"),
                ("PATCH", "/api/connections/con_nope"),
                ("DELETE", "/api/connections/con_nope"),
                ("PUT", "/api/connections/con_nope/credentials"),
                ("POST", "/api/connections/con_nope/check"),
                ("POST", "/api/connections/con_nope/disable"),
                ("POST", "/api/connections/con_nope/enable"),
                ("GET", "/api/connections/con_nope/status-history"),
                ("GET", "/api/connections/con_nope/tokens"),
                ("POST", "/api/connections/con_nope/tokens"),
                ("DELETE", "/api/connections/con_nope/tokens/ctk_nope"),
            }
        )
        {
            var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "PATCH" or "PUT" or "POST")
                request.Content = JsonContent.Create(
                    new { name = "x", credentials = new { apiKey = "k" } }
                );
            if (method == "PATCH")
                request.Content = JsonContent.Create(new { name = "x" });
            if (method == "PUT")
                request.Content = JsonContent.Create(new { credentials = new { apiKey = "k" } });
            if (path.EndsWith("/tokens") && method == "POST")
                request.Content = JsonContent.Create(new { name = "x" });
            var response = await _admin.SendAsync(request, Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, $"{method} {path}");
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }
    }

    [Fact]
    public async Task Each_status_change_raises_one_event_and_only_a_change_does()
    {
        var id = Id(await CreateAsync(_admin, MaintainX(_fake)));
        var check = $"/api/connections/{id}/check";

        _fake.FailNext(401, body: RevokedKey, times: 2);
        var refused = await PostAsync(_admin, check);
        await PostAsync(_admin, check);
        var back = await PostAsync(_admin, check);
        await PostAsync(_admin, check);
        await _fake.StopAsync();
        var unreachable = await PostAsync(_admin, check);
        await PostAsync(_admin, check);
        await _fake.StartAsync();
        var again = await PostAsync(_admin, check);

        Status(refused).ShouldBe("auth_required");
        refused["statusReason"]!.GetValue<string>().ShouldStartWith("AUTHENTICATION_FAILED");
        Status(back).ShouldBe("online");
        back["statusReason"].ShouldBeNull();
        Status(unreachable).ShouldBe("offline");
        unreachable["statusReason"]!.GetValue<string>().ShouldStartWith("CONNECTION_FAILED");
        Status(again).ShouldBe("online");
        var events = await EventsAsync(_host, id);
        events
            .Select(e => $"{e.Type} {e.Data["from"]}>{e.Data["to"]}")
            .ShouldBe([
                "connection.status_changed online>auth_required",
                "connection.auth_required >",
                "connection.status_changed auth_required>online",
                "connection.status_changed online>offline",
                "connection.status_changed offline>online",
            ]);
        events[1].Data["reason"]!.GetValue<string>().ShouldStartWith("AUTHENTICATION_FAILED");
        var history = await _admin.GetFromJsonAsync<JsonArray>(
            $"/api/connections/{id}/status-history",
            Ct
        );
        history!
            .Select(h => $"{h!["from"]}>{h["to"]}")
            .ShouldBe([
                "offline>online",
                "online>offline",
                "auth_required>online",
                "online>auth_required",
                ">online",
            ]);
    }

    [Fact]
    public async Task A_disabled_connection_is_not_checked_until_it_is_enabled()
    {
        var id = Id(await CreateAsync(_admin, MaintainX(_fake)));

        var disabled = await PostAsync(_admin, $"/api/connections/{id}/disable");
        var check = await _admin.PostAsync($"/api/connections/{id}/check", null, Ct);
        var probe = await InDatabaseAsync(
            _host,
            db => db.WorkItems.AnyAsync(w => w.DedupKey == $"probe:{id}", Ct)
        );
        var enabled = await PostAsync(_admin, $"/api/connections/{id}/enable");

        Status(disabled).ShouldBe("disabled");
        disabled["nextProbeAt"].ShouldBeNull();
        check.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        probe.ShouldBeFalse();
        Status(enabled).ShouldBe("online");
        enabled["nextProbeAt"].ShouldNotBeNull();
        _fake.Requests.Count.ShouldBe(2);
        (await EventsAsync(_host, id))
            .Select(e => $"{e.Data["from"]}>{e.Data["to"]}")
            .ShouldBe(["online>disabled", "disabled>online"]);
        (
            await InDatabaseAsync(
                _host,
                db => db.WorkItems.CountAsync(w => w.DedupKey == $"probe:{id}", Ct)
            )
        ).ShouldBe(1);
    }

    [Fact]
    public async Task Credentials_appear_in_no_answer_no_log_and_nowhere_in_the_database()
    {
        var created = await CreateAsync(_admin, MaintainX(_fake));
        var id = Id(created);
        var answers = new List<string> { created.ToJsonString() };
        answers.Add(await _admin.GetStringAsync($"/api/connections/{id}", Ct));
        answers.Add(await _admin.GetStringAsync("/api/connections", Ct));
        answers.Add(await _admin.GetStringAsync($"/api/connections/{id}/status-history", Ct));
        answers.Add(
            await (
                await _admin.PutAsJsonAsync(
                    $"/api/connections/{id}/credentials",
                    new { credentials = new { apiKey = MaintainXFake.ApiKey } },
                    Ct
                )
            ).Content.ReadAsStringAsync(Ct)
        );
        answers.Add(
            await (
                await _admin.PostAsJsonAsync(
                    "/api/connections",
                    MaintainX(_fake, key: MaintainXFake.ApiKey + "-revoked"),
                    Ct
                )
            ).Content.ReadAsStringAsync(Ct)
        );
        _fake.FailNext(401, body: RevokedKey);
        answers.Add((await PostAsync(_admin, $"/api/connections/{id}/check")).ToJsonString());
        answers.Add(await _admin.GetStringAsync("/api/connectors/maintainx", Ct));

        var secret = MaintainXFake.ApiKey[8..];
        answers.ShouldAllBe(answer => !answer.Contains(secret));
        _log.Entries.ShouldNotBeEmpty();
        _log.Entries.ShouldAllBe(entry => !entry.Contains(secret));
        (await DatabaseTextAsync()).ShouldNotContain(secret);
        (await DatabaseTextAsync()).ShouldContain(_fake.InstanceUrl); // the display values are there
    }

    /// <summary>Every byte the database holds, as text: the SQLite files, or every row of every PostgreSQL table.</summary>
    private async Task<string> DatabaseTextAsync() =>
        await InDatabaseAsync(
            _host,
            async db =>
            {
                if (databases.Provider == "Sqlite")
                {
                    var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(
                        db.Database.GetConnectionString()
                    ).DataSource;
                    var text = new System.Text.StringBuilder();
                    foreach (var path in new[] { file, file + "-wal" }.Where(File.Exists))
                    {
                        await using var stream = new FileStream(
                            path,
                            FileMode.Open,
                            FileAccess.Read,
                            FileShare.ReadWrite
                        );
                        using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
                        text.Append(await reader.ReadToEndAsync(Ct));
                    }
                    return text.ToString();
                }
                var tables = await db
                    .Database.SqlQueryRaw<string>(
                        "SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'"
                    )
                    .ToListAsync(Ct);
                var rows = new List<string>();
                foreach (var table in tables)
                {
                    // Table names come from the catalogue, not from input.
                    var sql = "SELECT CAST(t AS text) AS \"Value\" FROM \"" + table + "\" t";
                    rows.AddRange(await db.Database.SqlQueryRaw<string>(sql).ToListAsync(Ct));
                }
                return string.Join('\n', rows);
            }
        );
}

public sealed class ConnectionApiTestsOnSqlite() : ConnectionApiTests(TestDatabases.Sqlite());

public sealed class ConnectionApiTestsOnPostgres(PostgresServer postgres)
    : ConnectionApiTests(TestDatabases.Postgres(postgres));

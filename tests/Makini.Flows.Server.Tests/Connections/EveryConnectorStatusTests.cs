using System.Text.Json.Nodes;
using Makini.Flows.Server.Tests.Api;
using Makini.Flows.Tests.Fakes;
using static Makini.Flows.Server.Tests.Connections.ConnectionCalls;

namespace Makini.Flows.Server.Tests.Connections;

/// <summary>
/// Every shipped vendor connector, through the server against its vendor's fake: connected online; credentials
/// refused later give auth_required with its two events; fixed, online again; the source gone gives offline with
/// one event, and online again when it is back. One event per change, none for a check that changes nothing.
/// </summary>
public sealed class EveryConnectorStatusTests : IAsyncLifetime
{
    private ServerHost _host = null!;
    private HttpClient _admin = null!;

    public static TheoryData<string> Vendors => ["maintainx", "upkeep", "fiix", "limble", "maximo"];

    public ValueTask InitializeAsync()
    {
        _host = TestDatabases.Sqlite().Server();
        _admin = _host.ClientWithKey();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Theory, MemberData(nameof(Vendors))]
    public async Task Status_follows_the_source_with_one_event_per_change(string connector)
    {
        await using var vendor = Vendor.For(connector);
        await vendor.Fake.StartAsync();
        var connection = await CreateAsync(
            _admin,
            new
            {
                name = $"{connector} plant",
                connector,
                credentials = vendor.Credentials(),
            }
        );
        var id = Id(connection);
        Status(connection).ShouldBe("online");

        vendor.Refuse();
        Status(await CheckAsync(id)).ShouldBe("auth_required");
        Status(await CheckAsync(id)).ShouldBe("auth_required");
        vendor.Accept();
        Status(await CheckAsync(id)).ShouldBe("online");

        await vendor.Fake.StopAsync();
        var offline = await CheckAsync(id);
        Status(offline).ShouldBe("offline");
        offline["statusReason"]!.GetValue<string>().ShouldStartWith("CONNECTION_FAILED");
        Status(await CheckAsync(id)).ShouldBe("offline");
        await vendor.Fake.StartAsync();
        Status(await CheckAsync(id)).ShouldBe("online");

        (await EventsAsync(_host, id))
            .Select(e =>
                e.Type == "connection.auth_required"
                    ? "auth_required event"
                    : $"{e.Data["from"]}>{e.Data["to"]}"
            )
            .ShouldBe([
                "online>auth_required",
                "auth_required event",
                "auth_required>online",
                "online>offline",
                "offline>online",
            ]);
    }

    private Task<JsonObject> CheckAsync(string id) =>
        PostAsync(_admin, $"/api/connections/{id}/check");

    /// <summary>A vendor's fake, the credentials it accepts, and how it stops accepting them.</summary>
    private sealed record Vendor(
        FakeServer Fake,
        Func<object> Credentials,
        Action Refuse,
        Action Accept
    ) : IAsyncDisposable
    {
        public static Vendor For(string connector)
        {
            switch (connector)
            {
                case "maintainx":
                {
                    var fake = new MaintainXFake();
                    return Static(
                        fake,
                        () => new { instanceUrl = fake.InstanceUrl, apiKey = MaintainXFake.ApiKey }
                    );
                }
                case "fiix":
                {
                    var fake = new FiixFake();
                    return Static(
                        fake,
                        () =>
                            new
                            {
                                instanceUrl = fake.InstanceUrl,
                                appKey = FiixFake.AppKey,
                                accessKey = FiixFake.AccessKey,
                                secretKey = FiixFake.SecretKey,
                            }
                    );
                }
                case "limble":
                {
                    var fake = new LimbleFake();
                    return Static(
                        fake,
                        () =>
                            new
                            {
                                instanceUrl = fake.InstanceUrl,
                                clientId = LimbleFake.ClientId,
                                clientSecret = LimbleFake.ClientSecret,
                            }
                    );
                }
                case "maximo":
                {
                    var fake = new MaximoFake();
                    return Static(
                        fake,
                        () => new { instanceUrl = fake.InstanceUrl, apiKey = MaximoFake.ApiKey }
                    );
                }
                default:
                {
                    // A session whose renewal is refused: the session ends and the password was changed.
                    var fake = new UpKeepFake();
                    var password = fake.Password;
                    return new Vendor(
                        fake,
                        () =>
                            new
                            {
                                instanceUrl = fake.InstanceUrl,
                                email = UpKeepFake.Email,
                                password,
                            },
                        () =>
                        {
                            fake.ExpireSessions();
                            fake.Password = "changed-by-an-admin";
                        },
                        () => fake.Password = password
                    );
                }
            }
        }

        /// <summary>Key-based vendors: the next two requests are refused with 401 (one per check).</summary>
        private static Vendor Static(FakeServer fake, Func<object> credentials) =>
            new(
                fake,
                credentials,
                () => fake.FailNext(401, body: """{"error":"Invalid credentials"}""", times: 2),
                () => { }
            );

        public ValueTask DisposeAsync() => Fake.DisposeAsync();
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Activities.Tests.Support;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Tests.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makini.Flows.Server.Tests.Webhooks;

/// <summary>Webhook secrets are stored encrypted, and a server without their keys refuses to start.</summary>
public sealed class SecretsAtRestTests
{
    private readonly string _database = Path.Combine(
        Path.GetTempPath(),
        $"makini-secrets-{Guid.NewGuid():N}.db"
    );
    private readonly string _keys = Path.Combine(
        Path.GetTempPath(),
        $"makini-keys-{Guid.NewGuid():N}"
    );

    private ServerHost Host(string keysFolder) =>
        new(
            "Sqlite",
            $"Data Source={_database}",
            new Dictionary<string, string> { ["DataProtection:KeysFolder"] = keysFolder }
        );

    [Fact]
    public async Task Secrets_are_encrypted_and_the_server_refuses_to_start_without_their_keys()
    {
        var ct = TestContext.Current.CancellationToken;
        string secret;
        await using (var first = Host(_keys))
        {
            var created = await first
                .ClientWithKey()
                .PostAsJsonAsync(
                    "/api/webhooks",
                    new
                    {
                        url = "https://hooks.example.com/x",
                        eventTypes = new[] { "sync.failed" },
                        headers = new Dictionary<string, string>
                        {
                            ["Authorization"] = "Bearer receiver-token-5f1c9a",
                        },
                    },
                    ct
                );
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
            (await created.Content.ReadAsStringAsync(ct)).ShouldNotContain("receiver-token-5f1c9a");
            secret = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))![
                "secret"
            ]!.GetValue<string>();
            await using var scope = first.Services.CreateAsyncScope();
            var stored = await scope
                .ServiceProvider.GetRequiredService<FlowsDbContext>()
                .WebhookEndpoints.SingleAsync(ct);
            stored.ProtectedSecret.ShouldNotContain(secret[6..]);
            stored.ProtectedSecret.ShouldNotContain(secret[6..20]);
            stored.HeadersJson!.ShouldNotContain("receiver-token-5f1c9a");
            stored.HeadersJson!.ShouldNotContain("Authorization");
        }
        Directory.EnumerateFiles(_keys, "key-*.xml").ShouldNotBeEmpty();

        var emptyKeys = Path.Combine(Path.GetTempPath(), $"makini-keys-{Guid.NewGuid():N}");
        await using (var withoutKeys = Host(emptyKeys))
        {
            var refused = Should.Throw<Exception>(() => withoutKeys.CreateClient());
            var message = refused.ToString();
            message.ShouldContain("cannot be decrypted");
            message.ShouldContain(emptyKeys);
            message.ShouldContain("DataProtection:KeysFolder");
        }

        await using var again = Host(_keys);
        (await again.ClientWithKey().GetAsync("/api/webhooks", ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
    }
}

/// <summary>
/// The real queue worker and a node "dying" after sending but before recording (the recording's save fails
/// once): the item is retried and the receiver gets the same webhook-id again.
/// </summary>
public sealed class WebhookCrashTests
{
    [Fact]
    public async Task A_crash_between_sending_and_recording_leads_to_a_redelivery_with_the_same_webhook_id()
    {
        var ct = TestContext.Current.CancellationToken;
        var crash = new CrashBeforeRecordingOnce();
        await using var sink = await LoopbackSink.StartAsync();
        await using var host = new ServerHost(
            "Sqlite",
            $"Data Source={Path.Combine(Path.GetTempPath(), $"makini-crash-{Guid.NewGuid():N}.db")}",
            new Dictionary<string, string> { ["Queue:FirstBackoff"] = "00:00:00.200" },
            services =>
                services.ConfigureDbContext<SqliteFlowsDbContext>(options =>
                    options.AddInterceptors(crash)
                )
        );
        var client = host.ClientWithKey();
        var created = await client.PostAsJsonAsync(
            "/api/webhooks",
            new { url = sink.Url(), eventTypes = new[] { "sync.failed" } },
            ct
        );
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!["endpoint"]![
            "id"
        ]!.GetValue<string>();
        var test = await client.PostAsync($"/api/webhooks/{id}/test", null, ct);
        var deliveryId = (await test.Content.ReadFromJsonAsync<JsonObject>(ct))![
            "deliveryId"
        ]!.GetValue<string>();

        JsonObject detail;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        do
        {
            await Task.Delay(50, ct);
            detail = (
                await client.GetFromJsonAsync<JsonObject>(
                    $"/api/webhooks/deliveries/{deliveryId}",
                    ct
                )
            )!;
        } while (
            detail["delivery"]!["status"]!.GetValue<string>() == "Pending"
            && DateTime.UtcNow < deadline
        );

        crash.Crashes.ShouldBe(1);
        detail["delivery"]!["status"]!.GetValue<string>().ShouldBe("Succeeded");
        detail["attempts"]!.AsArray().Count.ShouldBe(1);
        sink.Requests.Count.ShouldBe(2);
        sink.Requests.ShouldAllBe(r => r.Header("webhook-id") == deliveryId);
    }
}

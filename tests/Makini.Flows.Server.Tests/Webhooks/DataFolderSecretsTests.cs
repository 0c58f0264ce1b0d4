using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Server.Tests.Api;
using Makini.Flows.Tests.Fakes;
using static Makini.Flows.Server.Tests.Connections.ConnectionCalls;

namespace Makini.Flows.Server.Tests.Webhooks;

/// <summary>
/// What an operator's data folder holds after a connection, a connection token, an API key and a webhook
/// endpoint with a receiver header were created: read byte for byte (database, its write-ahead log, the key
/// ring), none of their secrets is there in plain text.
/// </summary>
public sealed class DataFolderSecretsTests : IAsyncDisposable
{
    private const string ReceiverToken = "Bearer receiver-token-83f1e0c7";
    private readonly string _folder = Path.Combine(
        Path.GetTempPath(),
        $"makini-data-{Guid.NewGuid():N}"
    );

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_data_folder_holds_no_credential_signing_secret_token_key_or_receiver_header_in_plain_text()
    {
        Directory.CreateDirectory(_folder);
        await using var fake = new MaintainXFake();
        await fake.StartAsync();
        var secrets = new List<string> { MaintainXFake.ApiKey, ReceiverToken["Bearer ".Length..] };
        await using (
            var host = new ServerHost(
                "Sqlite",
                $"Data Source={Path.Combine(_folder, "makini.db")}",
                new Dictionary<string, string>
                {
                    ["DataProtection:KeysFolder"] = Path.Combine(_folder, "keys"),
                    ["Connectors:MaxAttempts"] = "1",
                    ["Sync:Scheduled"] = "false",
                }
            )
        )
        {
            var admin = host.ClientWithKey();
            var connection = Id(await CreateAsync(admin, MaintainX(fake)));
            secrets.Add(
                (
                    await PostAsync(
                        admin,
                        $"/api/connections/{connection}/tokens",
                        new { name = "portal" }
                    )
                )["token"]!.GetValue<string>()
            );
            secrets.Add(
                (await PostAsync(admin, "/api/keys", new { name = "ci", role = "runner" }))[
                    "key"
                ]!.GetValue<string>()
            );
            var endpoint = await PostAsync(
                admin,
                "/api/webhooks",
                new
                {
                    url = "https://hooks.example.com/x",
                    eventTypes = new[] { "sync.failed" },
                    headers = new Dictionary<string, string> { ["Authorization"] = ReceiverToken },
                }
            );
            var signing = endpoint["secret"]!.GetValue<string>();
            secrets.Add(signing["whsec_".Length..]);
        }

        var files = Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories).ToList();
        files.ShouldContain(f => f.EndsWith("makini.db"));
        files.ShouldContain(f => f.Contains("key-") && f.EndsWith(".xml"));
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file, Ct);
            foreach (var secret in secrets)
            {
                bytes
                    .AsSpan()
                    .IndexOf(Encoding.UTF8.GetBytes(secret))
                    .ShouldBe(-1, $"{secret} is in {file}");
                bytes
                    .AsSpan()
                    .IndexOf(Encoding.Unicode.GetBytes(secret))
                    .ShouldBe(-1, $"{secret} is in {file}");
            }
        }
    }

    private static async Task<JsonObject> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}

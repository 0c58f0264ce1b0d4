using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Server.Tests.Api;
using Makini.Flows.Server.Tests.Connections;
using static Makini.Flows.Server.Tests.Connections.ConnectionCalls;
using static Makini.Flows.Server.Tests.Sync.SyncCalls;

namespace Makini.Flows.Server.Tests.Mappings;

/// <summary>
/// Mapping scripts as users write them: C# through the script hosts, and scripts that misbehave (an endless loop,
/// a script that reaches for the machine) fail their fields, never the save, the records or the server.
/// </summary>
public sealed class MappingScriptsTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private ServerHost _host = null!;
    private HttpClient _admin = null!;
    private string _id = "";

    public async ValueTask InitializeAsync()
    {
        _host = SyncingServer(TestDatabases.Sqlite());
        _admin = _host.ClientWithKey();
        _id = Id(await CreateAsync(_admin, DemoConnection("Scripts")));
        await FinishedAsync(_admin, _id);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_CSharp_custom_field_and_a_CSharp_field_are_computed_for_every_record()
    {
        var saved = await PutAsync(
            new JsonObject
            {
                ["fields"] = new JsonObject
                {
                    ["title"] = new JsonObject
                    {
                        ["csharp"] = "((string)raw[\"title\"]).ToUpperInvariant()",
                    },
                },
                ["customFields"] = new JsonObject
                {
                    ["hours"] = new JsonObject
                    {
                        ["type"] = "number",
                        ["csharp"] = "var h = (double?)raw[\"estimatedHours\"] ?? 0;\nh * 60",
                    },
                    ["severityCode"] = new JsonObject
                    {
                        ["type"] = "string",
                        ["csharp"] = "((string)record[\"severity\"]).Substring(0, 1)",
                    },
                },
            }
        );
        saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync(Ct));

        var records = await ListAsync();
        records.ShouldNotBeEmpty();
        foreach (var record in records)
        {
            record!["mappingErrors"].ShouldBeNull(record.ToJsonString());
            var title = record["title"]!.GetValue<string>();
            title.ShouldBe(title.ToUpperInvariant());
            record["customFields"]!["severityCode"]!
                .GetValue<string>()
                .ShouldBe(record["severity"]!.GetValue<string>()[..1]);
            var hours = record["estimatedTime"] is { } time ? double.Parse(time.ToString()) : 0;
            record["customFields"]!["hours"]!.GetValue<double>().ShouldBe(hours * 60, 0.001);
        }
    }

    [Fact]
    public async Task A_script_that_never_ends_is_stopped_and_every_record_is_still_served()
    {
        var saved = await PutAsync(
            new JsonObject
            {
                ["customFields"] = new JsonObject
                {
                    ["spin"] = new JsonObject { ["type"] = "string", ["js"] = "while (true) {}" },
                },
            }
        );
        saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync(Ct));

        var records = await ListAsync();
        records.ShouldNotBeEmpty();
        records.ShouldAllBe(r =>
            r!["customFields"]!["spin"] == null
            && r["mappingErrors"]![0]!["field"]!.GetValue<string>() == "customFields.spin"
        );
        records
            .Select(r => r!["mappingErrors"]![0]!["message"]!.GetValue<string>())
            .ShouldContain(m => m.Contains("is stopped", StringComparison.Ordinal));
        (await _admin.GetAsync("/health", Ct)).IsSuccessStatusCode.ShouldBeTrue();
    }

    [Fact]
    public async Task A_script_that_reaches_for_the_machine_is_refused_or_fails_its_field()
    {
        var refused = await PutAsync(
            new JsonObject
            {
                ["customFields"] = new JsonObject
                {
                    ["secret"] = new JsonObject
                    {
                        ["type"] = "string",
                        ["csharp"] = "System.IO.File.ReadAllText(\"/etc/passwd\")",
                    },
                },
            }
        );
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync(Ct)).ShouldContain("/customFields/secret/csharp");

        var saved = await PutAsync(
            new JsonObject
            {
                ["customFields"] = new JsonObject
                {
                    ["env"] = new JsonObject
                    {
                        ["type"] = "string",
                        ["js"] = "typeof require === 'undefined' ? 'sandboxed' : require('fs')",
                    },
                },
            }
        );
        saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync(Ct));
        (await ListAsync()).ShouldAllBe(r =>
            r!["customFields"]!["env"]!.GetValue<string>() == "sandboxed"
        );
    }

    private Task<HttpResponseMessage> PutAsync(JsonObject document) =>
        _admin.PutAsJsonAsync($"/api/connections/{_id}/mappings/work-orders", document, Ct);

    private async Task<JsonArray> ListAsync()
    {
        using var request = new HttpRequestMessage(
            HttpMethod.Get,
            "/api/eam/work-orders?per_page=100"
        );
        request.Headers.Add("X-Connection-Id", _id);
        var response = await _admin.SendAsync(request, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["data"]!.AsArray();
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Demo;
using Microsoft.Extensions.Time.Testing;

namespace Makini.Flows.Connectors.Tests.Demo;

/// <summary>A Demo CMMS on a fake clock, and a client that talks to it as a connector would.</summary>
public sealed class DemoApi : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 10, 9, 30, 0, TimeSpan.Zero);

    public DemoApi(DemoCmmsOptions? options = null, DateTimeOffset? start = null)
    {
        Clock = new FakeTimeProvider(start ?? Start);
        Cmms = new DemoCmms(Clock, options: options);
        Http = new HttpClient(Cmms.Handler, disposeHandler: false)
        {
            BaseAddress = new Uri(DemoCmms.BaseUrl + "/"),
        };
    }

    public FakeTimeProvider Clock { get; }
    public DemoCmms Cmms { get; }
    public HttpClient Http { get; }

    public static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async Task<HttpResponseMessage> LogIn(string username, string password) =>
        await Http.PostAsJsonAsync("auth/login", new { username, password }, Cancel);

    /// <summary>Logs in with the sample credentials; later requests carry the token.</summary>
    public async Task<string> LogIn()
    {
        using var response = await LogIn(DemoCredentials.Username, DemoCredentials.Password);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = (await Json(response))["token"]!.GetValue<string>();
        Http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return token;
    }

    public async Task<(HttpStatusCode Status, JsonObject Body)> Get(string pathAndQuery)
    {
        using var response = await Http.GetAsync(pathAndQuery, Cancel);
        return (response.StatusCode, await Json(response));
    }

    /// <summary>Every page of a collection, following <c>meta.last_page</c>; checks each page's meta on the way.</summary>
    public async Task<List<JsonObject>> ReadAll(
        string collection,
        string query = "",
        int perPage = 100
    )
    {
        var records = new List<JsonObject>();
        for (var page = 1; ; page++)
        {
            var (status, body) = await Get($"{collection}?page={page}&per_page={perPage}{query}");
            status.ShouldBe(HttpStatusCode.OK, body.ToJsonString());
            var meta = body["meta"]!;
            meta["page"]!.GetValue<int>().ShouldBe(page);
            meta["per_page"]!.GetValue<int>().ShouldBe(perPage);
            var data = body["data"]!.AsArray().Select(r => r!.AsObject()).ToList();
            records.AddRange(data);
            var lastPage = meta["last_page"]!.GetValue<int>();
            if (page >= lastPage)
            {
                meta["total"]!.GetValue<int>().ShouldBe(records.Count);
                return records;
            }
            data.Count.ShouldBe(perPage);
        }
    }

    public static async Task<JsonObject> Json(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!.AsObject();
    }

    public static string Id(JsonObject record) => record["id"]!.GetValue<string>();

    public static string Iso(DateTimeOffset time) => DemoJson.Time(time);

    public void Dispose() => Http.Dispose();
}

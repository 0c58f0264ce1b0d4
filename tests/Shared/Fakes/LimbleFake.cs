using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Makini.Flows.Tests.Fakes;

/// <summary>
/// Limble CMMS's API v2: <c>Authorization: Basic base64(clientId:clientSecret)</c>; lists such as
/// <c>GET /v2/tasks?limit=&amp;page=</c> answer a bare JSON array, pages numbered from 1; times are epoch seconds.
/// The list endpoints have no modification-time filter, so every read is a full one.
/// </summary>
public sealed class LimbleFake : FakeServer
{
    public const string ClientId = "LMB7Q2X9K4ZP0W3N8R5T1Y6U";
    public const string ClientSecret = "sk_limble_c2f8e41a9b7d";
    public const int MaxLimit = 500;

    private readonly IReadOnlyList<(
        string Path,
        string Entity,
        IReadOnlyList<JsonObject> Rows
    )> _routes;

    public LimbleFake(DateTimeOffset? now = null)
        : base(now)
    {
        var data = new FakeData(4409, Now);
        var locations = Locations(data);
        var users = Users(data, locations);
        var teams = Teams(locations);
        var assets = Assets(data, locations);
        var parts = Parts(data, locations);
        var vendors = Vendors(data, locations);
        var tasks = Tasks(data, assets, users, teams);
        _routes =
        [
            ("/v2/tasks", "work-orders", tasks),
            ("/v2/assets", "assets", assets),
            ("/v2/locations", "locations", locations),
            ("/v2/parts", "materials", parts),
            ("/v2/users", "users", users),
            ("/v2/teams", "teams", teams),
            ("/v2/vendors", "vendors", vendors),
        ];
        foreach (var (_, entity, rows) in _routes)
            AddTable(entity, rows, null);
    }

    /// <summary>Limble's regional API host, like <c>https://api.limblecmms.com</c>.</summary>
    public override string InstanceUrl => Origin;

    protected override void MapRoutes(WebApplication app)
    {
        foreach (var (path, _, rows) in _routes)
            app.MapGet(path, context => List(context, rows));
    }

    private static async Task List(HttpContext context, IReadOnlyList<JsonObject> rows)
    {
        var expected =
            "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}"));
        if (context.Request.Headers.Authorization.ToString() != expected)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"Limble API\"";
            await WriteJson(
                context,
                new JsonObject { ["error"] = "Invalid client id or client secret" },
                401
            );
            return;
        }
        var query = context.Request.Query;
        var limit = rows.Count;
        if (
            query.TryGetValue("limit", out var limitText)
            && (!int.TryParse(limitText, out limit) || limit < 1 || limit > MaxLimit)
        )
        {
            await WriteJson(
                context,
                new JsonObject { ["error"] = $"limit must be between 1 and {MaxLimit}" },
                400
            );
            return;
        }
        var page = 1;
        if (
            query.TryGetValue("page", out var pageText)
            && (!int.TryParse(pageText, out page) || page < 1)
        )
        {
            await WriteJson(context, new JsonObject { ["error"] = "page must be 1 or more" }, 400);
            return;
        }
        await WriteJson(context, Copies(rows.Skip((page - 1) * limit).Take(limit)));
    }

    private static long Epoch(DateTimeOffset moment) => moment.ToUnixTimeSeconds();

    private static List<JsonObject> Locations(FakeData data) =>
        Enumerable
            .Range(0, 12)
            .Select(i => new JsonObject
            {
                ["locationID"] = 301 + i,
                ["name"] = data.Place(i),
                ["regionID"] = 1 + i % 3,
                ["address"] = $"{40 + i} Commerce Street",
                ["phone"] = $"+1 720-555-{4000 + i:D4}",
                ["createdDate"] = Epoch(data.Within()),
            })
            .ToList();

    private static List<JsonObject> Users(FakeData data, List<JsonObject> locations) =>
        Enumerable
            .Range(0, 28)
            .Select(i => new JsonObject
            {
                ["userID"] = 1201 + i,
                ["firstName"] = data.FirstName(i + 8),
                ["lastName"] = data.LastName(i + 8),
                ["username"] = $"{data.FirstName(i + 8).ToLowerInvariant()}{i}",
                ["email"] = $"{data.FirstName(i + 8).ToLowerInvariant()}{i}@limble.example",
                ["phone"] = $"+1 720-555-{5000 + i:D4}",
                ["lastLogin"] = Epoch(data.Within(14)),
                ["locationIDs"] = new JsonArray(
                    FakeFormats.Long(locations[i % locations.Count]["locationID"])
                ),
            })
            .ToList();

    private static List<JsonObject> Teams(List<JsonObject> locations) =>
        new[] { "Maintenance", "Facilities", "Electrical", "Contractors" }
            .Select(
                (name, i) =>
                    new JsonObject
                    {
                        ["teamID"] = 61 + i,
                        ["name"] = name,
                        ["locationID"] = FakeFormats.Long(locations[i]["locationID"]),
                    }
            )
            .ToList();

    private static List<JsonObject> Assets(FakeData data, List<JsonObject> locations)
    {
        var assets = new List<JsonObject>();
        for (var i = 0; i < 120; i++)
        {
            var location = data.Pick(locations);
            assets.Add(
                new JsonObject
                {
                    ["assetID"] = 7001 + i,
                    ["name"] = data.Equipment(i + 9),
                    ["locationID"] = FakeFormats.Long(location["locationID"]),
                    ["parentAssetID"] = i >= 100 ? 7001 + i % 20 : 0,
                    ["hoursPerWeek"] = 40 + i % 3 * 20,
                    ["startedOn"] = Epoch(data.Within() - TimeSpan.FromDays(400)),
                    ["createdDate"] = Epoch(data.Within()),
                    ["lastEdited"] = Epoch(data.Within()),
                }
            );
        }
        return assets;
    }

    private static List<JsonObject> Parts(FakeData data, List<JsonObject> locations) =>
        Enumerable
            .Range(0, 75)
            .Select(i => new JsonObject
            {
                ["partID"] = 8101 + i,
                ["name"] = data.Part(i + 5),
                ["number"] = $"LP-{10000 + i * 13}",
                ["locationID"] = FakeFormats.Long(data.Pick(locations)["locationID"]),
                ["quantity"] = data.Next(0, 100),
                ["price"] = Math.Round(1 + data.Next(100, 40000) / 100.0, 2),
                ["minQtyThreshold"] = data.Next(1, 15),
                ["location"] = $"Aisle {1 + i % 9}",
                ["lastEdited"] = Epoch(data.Within()),
            })
            .ToList();

    private static List<JsonObject> Vendors(FakeData data, List<JsonObject> locations) =>
        Enumerable
            .Range(0, 14)
            .Select(i => new JsonObject
            {
                ["vendorID"] = 901 + i,
                ["name"] = data.Company(i + 1),
                ["email"] = $"service{i}@vendor.example",
                ["phone"] = $"+1 303-555-{6000 + i:D4}",
                ["address"] = $"{i + 3} Supply Road",
                ["contact"] = data.Person(i + 11),
                ["locationID"] = FakeFormats.Long(locations[i % locations.Count]["locationID"]),
            })
            .ToList();

    /// <summary>Task types: 1 PM, 2 unplanned work order, 4 planned work order, 6 work request.</summary>
    private static List<JsonObject> Tasks(
        FakeData data,
        List<JsonObject> assets,
        List<JsonObject> users,
        List<JsonObject> teams
    ) =>
        Enumerable
            .Range(0, 230)
            .Select(i =>
            {
                var asset = data.Pick(assets);
                var created = data.Within();
                var completed = data.Chance(0.45);
                var done = created + TimeSpan.FromHours(data.Next(1, 200));
                var assignedToTeam = data.Chance(0.2);
                return new JsonObject
                {
                    ["taskID"] = 150001 + i,
                    ["name"] = data.Task(i + 6, (string)asset["name"]!),
                    ["description"] = data.Chance(0.6)
                        ? "Follow the lockout/tagout procedure."
                        : "",
                    ["locationID"] = FakeFormats.Long(asset["locationID"]),
                    ["assetID"] = FakeFormats.Long(asset["assetID"]),
                    ["type"] = data.Pick([1, 1, 2, 4, 6]),
                    ["statusID"] = completed ? 2 : data.Pick([0, 1]),
                    ["priorityID"] = data.Next(1, 5),
                    ["userID"] = assignedToTeam ? 0 : FakeFormats.Long(data.Pick(users)["userID"]),
                    ["teamID"] = assignedToTeam ? FakeFormats.Long(data.Pick(teams)["teamID"]) : 0,
                    ["createdDate"] = Epoch(created),
                    ["due"] = Epoch(created + TimeSpan.FromDays(data.Next(1, 30))),
                    ["dateCompleted"] = completed ? Epoch(done) : 0,
                    ["completionNotes"] = completed ? "Done, no further findings." : "",
                    ["lastEdited"] = Epoch(completed ? done : created),
                    ["estimatedTime"] = data.Next(1, 8) * 3600,
                };
            })
            .ToList();
}

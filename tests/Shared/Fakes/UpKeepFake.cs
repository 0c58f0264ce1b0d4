using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Makini.Flows.Tests.Fakes;

/// <summary>
/// UpKeep's API v2: <c>POST /api/v2/auth {email,password}</c> answers a <c>r:</c> session token and its expiry, later
/// calls carry it in <c>Session-Token</c>; lists page by <c>limit</c>/<c>offset</c> and answer
/// <c>{"success":true,"results":[...]}</c>; <c>updatedAtGreaterThan</c> (epoch milliseconds) filters by modification.
/// <see cref="ExpireSessions"/> ends every session so the next call gets a 401.
/// </summary>
public sealed class UpKeepFake : FakeServer
{
    public const string Email = "maintenance@northwind.example";
    public const int MaxLimit = 500;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _sessions = new(
        StringComparer.Ordinal
    );
    private readonly IReadOnlyList<ListRoute> _routes;
    private int _tokens;

    public UpKeepFake(DateTimeOffset? now = null)
        : base(now)
    {
        var data = new FakeData(2203, Now);
        var ids = new ObjectIds(data);
        var users = Users(data, ids);
        var teams = Teams(data, ids);
        var vendors = Vendors(data, ids);
        var locations = Locations(data, ids);
        var assets = Assets(data, ids, locations);
        var parts = Parts(data, ids, locations);
        var workOrders = WorkOrders(data, ids, assets, users, teams);
        var requests = ServiceRequests(data, ids, assets, users, workOrders);
        var purchaseOrders = PurchaseOrders(data, ids, vendors);
        var meters = Meters(data, ids, assets);
        _routes =
        [
            new("/api/v2/work-orders", "work-orders", workOrders, true),
            new("/api/v2/assets", "assets", assets, true),
            new("/api/v2/locations", "locations", locations, true),
            new("/api/v2/parts", "materials", parts, true),
            new("/api/v2/users", "users", users, false),
            new("/api/v2/teams", "teams", teams, false),
            new("/api/v2/vendors", "vendors", vendors, false),
            new("/api/v2/purchase-orders", "purchase-orders", purchaseOrders, true),
            new("/api/v2/requests", "service-requests", requests, true),
            new("/api/v2/meters", "meters", meters, true),
        ];
        foreach (var route in _routes)
            AddTable(route.Entity, route.Rows, r => FakeFormats.Read(r["updatedAt"]));
    }

    public override string InstanceUrl => Origin + "/api/v2";

    /// <summary>The account's password; change it to make a new login fail.</summary>
    public string Password { get; set; } = "Upk33p-Secret!";

    /// <summary>How long a session lasts (its <c>expiresAt</c>).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Ends every session: the next call with any token gets a 401 and must log in again.</summary>
    public void ExpireSessions() => _sessions.Clear();

    protected override void MapRoutes(WebApplication app)
    {
        app.MapPost("/api/v2/auth", Login);
        app.MapDelete("/api/v2/auth", Logout);
        foreach (var route in _routes)
            app.MapGet(route.Path, context => List(context, route));
    }

    private async Task Login(HttpContext context)
    {
        string? email;
        string? password;
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            email = form["email"];
            password = form["password"];
        }
        else
        {
            try
            {
                var body = await JsonNode.ParseAsync(
                    context.Request.Body,
                    cancellationToken: context.RequestAborted
                );
                email = body?["email"]?.GetValue<string>();
                password = body?["password"]?.GetValue<string>();
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                await Fail(context, 400, "Request body must be JSON with email and password");
                return;
            }
        }
        if (string.IsNullOrEmpty(email) || string.IsNullOrEmpty(password))
        {
            await Fail(context, 400, "email and password are required");
            return;
        }
        if (!email.Equals(Email, StringComparison.OrdinalIgnoreCase) || password != Password)
        {
            await Fail(context, 400, "Invalid email/password combination");
            return;
        }
        var token = $"r:{Interlocked.Increment(ref _tokens):x4}{Guid.NewGuid():N}";
        var expiresAt = DateTimeOffset.UtcNow + SessionLifetime;
        _sessions[token] = expiresAt;
        await WriteJson(
            context,
            new JsonObject
            {
                ["success"] = true,
                ["result"] = new JsonObject
                {
                    ["sessionToken"] = token,
                    ["expiresAt"] = FakeFormats.Iso(expiresAt),
                },
            }
        );
    }

    private async Task Logout(HttpContext context)
    {
        _sessions.TryRemove(context.Request.Headers["Session-Token"].ToString(), out _);
        await WriteJson(context, new JsonObject { ["success"] = true });
    }

    private async Task List(HttpContext context, ListRoute route)
    {
        var token = context.Request.Headers["Session-Token"].ToString();
        if (!_sessions.TryGetValue(token, out var expiresAt) || expiresAt <= DateTimeOffset.UtcNow)
        {
            await Fail(context, 401, "Invalid session token");
            return;
        }
        var query = context.Request.Query;
        var limit = 100;
        if (
            query.TryGetValue("limit", out var limitText)
            && (!int.TryParse(limitText, out limit) || limit < 1 || limit > MaxLimit)
        )
        {
            await Fail(context, 400, $"limit must be a number from 1 to {MaxLimit}");
            return;
        }
        var offset = 0;
        if (
            query.TryGetValue("offset", out var offsetText)
            && (!int.TryParse(offsetText, out offset) || offset < 0)
        )
        {
            await Fail(context, 400, "offset must be a number of 0 or more");
            return;
        }
        IEnumerable<JsonObject> rows = route.Rows;
        foreach (var (parameter, field, after) in Filters)
        {
            if (!query.TryGetValue(parameter, out var text))
                continue;
            if (!route.Incremental || !long.TryParse(text, out var millis))
            {
                await Fail(
                    context,
                    400,
                    route.Incremental
                        ? $"{parameter} must be a time in milliseconds since 1970"
                        : $"{parameter} is not a filter of this list"
                );
                return;
            }
            var moment = DateTimeOffset.FromUnixTimeMilliseconds(millis);
            rows = rows.Where(r =>
                after ? FakeFormats.Read(r[field]) > moment : FakeFormats.Read(r[field]) < moment
            );
        }
        await WriteJson(
            context,
            new JsonObject
            {
                ["success"] = true,
                ["results"] = Copies(rows.Skip(offset).Take(limit)),
            }
        );
    }

    private static readonly (string Parameter, string Field, bool After)[] Filters =
    [
        ("updatedAtGreaterThan", "updatedAt", true),
        ("updatedAtLessThan", "updatedAt", false),
        ("createdAtGreaterThan", "createdAt", true),
        ("createdAtLessThan", "createdAt", false),
    ];

    private static Task Fail(HttpContext context, int status, string message) =>
        WriteJson(context, new JsonObject { ["success"] = false, ["message"] = message }, status);

    /// <summary>Parse-style object ids: ten letters and digits.</summary>
    private sealed class ObjectIds(FakeData data)
    {
        private const string Alphabet =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        private readonly HashSet<string> _used = [];

        public string Next()
        {
            while (true)
            {
                var id = new string(
                    Enumerable
                        .Range(0, 10)
                        .Select(_ => Alphabet[data.Next(Alphabet.Length)])
                        .ToArray()
                );
                if (_used.Add(id))
                    return id;
            }
        }
    }

    private static JsonObject Stamped(FakeData data, JsonObject record)
    {
        var (created, modified) = data.CreatedAndModified();
        record["createdAt"] = FakeFormats.Iso(created);
        record["updatedAt"] = FakeFormats.Iso(modified);
        return record;
    }

    /// <summary>UpKeep lists the newest first.</summary>
    private static List<JsonObject> NewestFirst(IEnumerable<JsonObject> records) =>
        records
            .OrderByDescending(r => FakeFormats.Read(r["createdAt"]))
            .ThenBy(r => (string)r["id"]!, StringComparer.Ordinal)
            .ToList();

    private static List<JsonObject> Users(FakeData data, ObjectIds ids) =>
        NewestFirst(
            Enumerable
                .Range(0, 25)
                .Select(i =>
                    Stamped(
                        data,
                        new JsonObject
                        {
                            ["id"] = ids.Next(),
                            ["email"] =
                                $"{data.FirstName(i + 3).ToLowerInvariant()}.{data.LastName(i + 3).ToLowerInvariant()}@northwind.example",
                            ["firstName"] = data.FirstName(i + 3),
                            ["lastName"] = data.LastName(i + 3),
                            ["accountType"] =
                                i == 0
                                    ? "administrator"
                                    : data.Pick([
                                        "technician",
                                        "technician",
                                        "limitedTechnician",
                                        "requester",
                                    ]),
                            ["phoneNumber"] = $"+1 312-555-{2000 + i:D4}",
                            ["jobTitle"] = data.Pick([
                                "Technician",
                                "Electrician",
                                "Maintenance Planner",
                                "Supervisor",
                            ]),
                        }
                    )
                )
        );

    private static List<JsonObject> Teams(FakeData data, ObjectIds ids) =>
        NewestFirst(
            new[] { "Mechanics", "Electricians", "HVAC Crew", "Grounds", "Weekend Team" }.Select(
                name =>
                    Stamped(
                        data,
                        new JsonObject
                        {
                            ["id"] = ids.Next(),
                            ["name"] = name,
                            ["description"] = $"{name} of the maintenance department",
                        }
                    )
            )
        );

    private static List<JsonObject> Vendors(FakeData data, ObjectIds ids) =>
        NewestFirst(
            Enumerable
                .Range(0, 12)
                .Select(i =>
                    Stamped(
                        data,
                        new JsonObject
                        {
                            ["id"] = ids.Next(),
                            ["businessName"] = data.Company(i + 2),
                            ["email"] = $"orders{i}@vendor.example",
                            ["phoneNumber"] = $"+1 800-555-{3000 + i:D4}",
                            ["website"] = $"https://vendor{i}.example",
                            ["description"] = "Approved supplier",
                        }
                    )
                )
        );

    private static List<JsonObject> Locations(FakeData data, ObjectIds ids)
    {
        var locations = new List<JsonObject>();
        for (var i = 0; i < 30; i++)
            locations.Add(
                Stamped(
                    data,
                    new JsonObject
                    {
                        ["id"] = ids.Next(),
                        ["name"] = data.Place(i),
                        ["address"] =
                            i < FakeData.Sites.Length
                                ? $"{200 + i * 17} Lake Shore Drive, Chicago, IL 60601, USA"
                                : null,
                        ["longitude"] = -87.6 - i / 1000.0,
                        ["latitude"] = 41.88 + i / 1000.0,
                        ["hideMap"] = false,
                        ["parentLocation"] =
                            i < FakeData.Sites.Length
                                ? null
                                : (string)locations[i % FakeData.Sites.Length]["id"]!,
                    }
                )
            );
        return NewestFirst(locations);
    }

    private static List<JsonObject> Assets(FakeData data, ObjectIds ids, List<JsonObject> locations)
    {
        var assets = new List<JsonObject>();
        for (var i = 0; i < 120; i++)
            assets.Add(
                Stamped(
                    data,
                    new JsonObject
                    {
                        ["id"] = ids.Next(),
                        ["name"] = data.Equipment(i + 4),
                        ["description"] = $"Installed {2015 + i % 9}",
                        ["model"] = $"X{200 + i % 50}",
                        ["serial"] =
                            $"{FakeData.Codes[(i + 4) % FakeData.Codes.Length]}{100000 + i * 37}",
                        ["barcode"] = $"{400000 + i}",
                        ["area"] = FakeData.Areas[i % FakeData.Areas.Length],
                        ["category"] = data.Pick(["Production", "Facility", "Vehicle", "Safety"]),
                        ["location"] = (string)data.Pick(locations)["id"]!,
                        ["parentAsset"] = i >= 100 ? (string)assets[i % 20]["id"]! : null,
                        ["status"] = data.Chance(0.9) ? "active" : "inactive",
                    }
                )
            );
        return NewestFirst(assets);
    }

    private static List<JsonObject> Parts(
        FakeData data,
        ObjectIds ids,
        List<JsonObject> locations
    ) =>
        NewestFirst(
            Enumerable
                .Range(0, 90)
                .Select(i =>
                    Stamped(
                        data,
                        new JsonObject
                        {
                            ["id"] = ids.Next(),
                            ["name"] = data.Part(i + 1),
                            ["description"] = "Stock item",
                            ["partNumber"] = $"PN-{5000 + i}",
                            ["cost"] = Math.Round(1 + data.Next(100, 50000) / 100.0, 2),
                            ["quantity"] = data.Next(0, 80),
                            ["minimumQuantity"] = data.Next(1, 10),
                            ["maximumQuantity"] = data.Next(20, 120),
                            ["serial"] = $"P{700000 + i}",
                            ["area"] = $"Bin {1 + i % 40}",
                            ["barcode"] = $"{900000 + i}",
                            ["location"] = (string)data.Pick(locations)["id"]!,
                        }
                    )
                )
        );

    private static List<JsonObject> WorkOrders(
        FakeData data,
        ObjectIds ids,
        List<JsonObject> assets,
        List<JsonObject> users,
        List<JsonObject> teams
    ) =>
        NewestFirst(
            Enumerable
                .Range(0, 230)
                .Select(i =>
                {
                    var asset = data.Pick(assets);
                    var status = data.Pick([
                        "open",
                        "open",
                        "inProgress",
                        "onHold",
                        "complete",
                        "complete",
                        "complete",
                    ]);
                    var record = Stamped(
                        data,
                        new JsonObject
                        {
                            ["id"] = ids.Next(),
                            ["workOrderNo"] = $"{2001 + i}",
                            ["title"] = data.Task(i + 2, (string)asset["name"]!),
                            ["description"] = data.Chance(0.7)
                                ? "Found during the weekly inspection."
                                : null,
                            ["status"] = status,
                            ["priority"] = data.Next(0, 4),
                            ["category"] = data.Pick([
                                "Damage",
                                "Electrical",
                                "Inspection",
                                "Preventive",
                                "Safety",
                            ]),
                            ["asset"] = (string)asset["id"]!,
                            ["location"] = (string)asset["location"]!,
                            ["assignedTo"] = (string)data.Pick(users)["id"]!,
                            ["assignedByUser"] = (string)users[0]["id"]!,
                            ["requestedBy"] = data.Chance(0.3)
                                ? (string)data.Pick(users)["id"]!
                                : null,
                            ["team"] = data.Chance(0.5) ? (string)data.Pick(teams)["id"]! : null,
                            ["time"] = data.Next(0, 16) / 2.0,
                            ["cost"] = data.Next(0, 2500),
                        }
                    );
                    var created = FakeFormats.Read(record["createdAt"]);
                    record["dueDate"] = FakeFormats.Iso(
                        created + TimeSpan.FromDays(data.Next(1, 21))
                    );
                    record["dateCompleted"] =
                        status == "complete" ? record["updatedAt"]!.GetValue<string>() : null;
                    record["completedBy"] =
                        status == "complete" ? record["assignedTo"]!.GetValue<string>() : null;
                    return record;
                })
        );

    private static List<JsonObject> ServiceRequests(
        FakeData data,
        ObjectIds ids,
        List<JsonObject> assets,
        List<JsonObject> users,
        List<JsonObject> workOrders
    ) =>
        NewestFirst(
            Enumerable
                .Range(0, 45)
                .Select(i =>
                {
                    var asset = data.Pick(assets);
                    var status = data.Pick(["pending", "approved", "declined"]);
                    return Stamped(
                        data,
                        new JsonObject
                        {
                            ["id"] = ids.Next(),
                            ["title"] =
                                $"{data.Pick(["Noise from", "Leak at", "Broken guard on", "Error code on"])} {asset["name"]}",
                            ["description"] = "Reported through the request portal.",
                            ["priority"] = data.Next(0, 4),
                            ["status"] = status,
                            ["asset"] = (string)asset["id"]!,
                            ["location"] = (string)asset["location"]!,
                            ["requestedBy"] = (string)data.Pick(users)["id"]!,
                            ["workOrder"] =
                                status == "approved" ? (string)workOrders[i]["id"]! : null,
                        }
                    );
                })
        );

    private static List<JsonObject> PurchaseOrders(
        FakeData data,
        ObjectIds ids,
        List<JsonObject> vendors
    ) =>
        NewestFirst(
            Enumerable
                .Range(0, 40)
                .Select(i =>
                {
                    var record = Stamped(
                        data,
                        new JsonObject
                        {
                            ["id"] = ids.Next(),
                            ["purchaseOrderNo"] = $"{310 + i}",
                            ["title"] = $"Restock {data.Part(i).ToLowerInvariant()}",
                            ["description"] = "Monthly restock",
                            ["status"] = data.Pick([
                                "awaitingApproval",
                                "approved",
                                "partiallyFulfilled",
                                "fulfilled",
                                "declined",
                            ]),
                            ["vendor"] = (string)data.Pick(vendors)["id"]!,
                        }
                    );
                    record["dueDate"] = FakeFormats.Iso(
                        FakeFormats.Read(record["createdAt"]) + TimeSpan.FromDays(14)
                    );
                    return record;
                })
        );

    private static List<JsonObject> Meters(FakeData data, ObjectIds ids, List<JsonObject> assets) =>
        NewestFirst(
            Enumerable
                .Range(0, 18)
                .Select(i =>
                {
                    var asset = assets[i * 6];
                    return Stamped(
                        data,
                        new JsonObject
                        {
                            ["id"] = ids.Next(),
                            ["name"] = $"{asset["name"]} {(i % 2 == 0 ? "hours" : "pressure")}",
                            ["units"] = i % 2 == 0 ? "hours" : "psi",
                            ["frequency"] = 7,
                            ["asset"] = (string)asset["id"]!,
                            ["location"] = (string)asset["location"]!,
                            ["lastReading"] =
                                i % 2 == 0 ? data.Next(100, 9000) : data.Next(30, 120),
                        }
                    );
                })
        );

    private sealed record ListRoute(
        string Path,
        string Entity,
        IReadOnlyList<JsonObject> Rows,
        bool Incremental
    );
}

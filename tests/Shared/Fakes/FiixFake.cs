using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Makini.Flows.Tests.Fakes;

/// <summary>
/// Fiix's JSON-RPC API: <c>POST /api/?service=cmms&amp;appKey&amp;accessKey&amp;signatureMethod=HmacSHA256&amp;signatureVersion=1&amp;timestamp</c>
/// with <c>Authorization</c> = hex HMAC-SHA256(secret key, the URL without its scheme), which this fake verifies
/// with the keys; a <c>text/plain</c> <c>FindRequest</c> body (className, fields, filters with <c>ql</c> and
/// parameters, orderBy, startIndex, maxObjects) answers <c>{"_maCn":"FindResponse","objects":[...],"totalObjects":n}</c>.
/// Sites, locations, equipment and parts are all <c>Asset</c> objects told apart by their category
/// (<c>intSuperCategorySysCode</c>: 1 locations and facilities, 2 equipment, 4 parts and supplies; sites have
/// <c>bolIsSite</c>). Times (<c>dtm...</c>) are epoch milliseconds.
/// </summary>
public sealed class FiixFake : FakeServer
{
    public const string AppKey = "macmms-app-3f1e7b2c";
    public const string AccessKey = "macmms-access-9a8b7c6d";
    public const string SecretKey = "macmms-secret-0e1d2c3b4a59";
    public const int MaxObjects = 1000;

    /// <summary>Fiix refuses a request whose timestamp is further than this from its clock.</summary>
    public static readonly TimeSpan TimestampTolerance = TimeSpan.FromMinutes(15);

    private readonly Dictionary<string, List<JsonObject>> _classes;

    public FiixFake(DateTimeOffset? now = null)
        : base(now)
    {
        var data = new FakeData(3307, Now);
        var users = Users(data);
        var assets = Assets(data);
        var businesses = Businesses(data);
        var workOrders = WorkOrders(data, assets, users);
        var purchaseOrders = PurchaseOrders(data, assets, businesses);
        var scheduled = ScheduledMaintenance(data, assets);
        _classes = new(StringComparer.Ordinal)
        {
            ["WorkOrder"] = workOrders,
            ["Asset"] = assets,
            ["User"] = users,
            ["Business"] = businesses,
            ["PurchaseOrder"] = purchaseOrders,
            ["ScheduledMaintenance"] = scheduled,
            ["WorkOrderStatus"] = Statuses(),
            ["Priority"] = Priorities(),
        };
        AddTable("work-orders", workOrders, r => Millis(r["dtmDateLastModified"]));
        AddTable("sites", assets.Where(a => (bool)a["bolIsSite"]!).ToList(), null);
        AddTable(
            "locations",
            assets
                .Where(a => (int)a["intSuperCategorySysCode"]! == 1 && !(bool)a["bolIsSite"]!)
                .ToList(),
            null
        );
        AddTable(
            "assets",
            assets.Where(a => (int)a["intSuperCategorySysCode"]! == 2).ToList(),
            null
        );
        AddTable(
            "materials",
            assets.Where(a => (int)a["intSuperCategorySysCode"]! == 4).ToList(),
            null
        );
        AddTable("users", users, null);
        AddTable("vendors", businesses, null);
        AddTable("purchase-orders", purchaseOrders, r => Millis(r["dtmDateLastUpdated"]));
        AddTable("pm", scheduled, null);
    }

    /// <summary>The tenant's URL, like <c>https://acme.macmms.com</c>.</summary>
    public override string InstanceUrl => Origin;

    /// <summary>The HMAC-SHA256 signature Fiix expects for a URL (hex of the URL without its scheme).</summary>
    public static string Sign(string urlWithoutScheme, string secretKey = SecretKey) =>
        Convert.ToHexStringLower(
            HMACSHA256.HashData(
                Encoding.UTF8.GetBytes(secretKey),
                Encoding.UTF8.GetBytes(urlWithoutScheme)
            )
        );

    protected override void MapRoutes(WebApplication app) => app.MapPost("/api/", Handle);

    private async Task Handle(HttpContext context)
    {
        var query = context.Request.Query;
        if (query["service"] != "cmms")
        {
            await Error(context, 400, 1, "service must be cmms");
            return;
        }
        if (query["signatureMethod"] != "HmacSHA256" || query["signatureVersion"] != "1")
        {
            await Error(context, 401, 1, "Unsupported signature method or version");
            return;
        }
        if (query["appKey"] != AppKey || query["accessKey"] != AccessKey)
        {
            await Error(
                context,
                401,
                1,
                "Authentication failed: unknown application or access key"
            );
            return;
        }
        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var signed = context.Request.Host.Value + target;
        if (
            !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(
                    context.Request.Headers.Authorization.ToString().ToLowerInvariant()
                ),
                Encoding.ASCII.GetBytes(Sign(signed))
            )
        )
        {
            await Error(
                context,
                401,
                1,
                "Authentication failed: the request signature does not match"
            );
            return;
        }
        if (
            !long.TryParse(query["timestamp"], out var timestamp)
            || (
                DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeMilliseconds(timestamp)
            ).Duration() > TimestampTolerance
        )
        {
            await Error(
                context,
                401,
                1,
                "Authentication failed: the timestamp is missing or too far from the server's clock"
            );
            return;
        }

        JsonObject request;
        try
        {
            request =
                (
                    await JsonNode.ParseAsync(
                        context.Request.Body,
                        cancellationToken: context.RequestAborted
                    )
                )?.AsObject() ?? throw new JsonException("empty body");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            await Error(context, 200, 1, $"The request body is not a JSON object: {e.Message}");
            return;
        }
        if ((string?)request["_maCn"] != "FindRequest")
        {
            await Error(
                context,
                200,
                1,
                $"Unsupported request '{request["_maCn"]}' (this server answers FindRequest)"
            );
            return;
        }
        try
        {
            await WriteJson(context, Find(request));
        }
        catch (Exception e)
            when (e is FormatException or InvalidOperationException or JsonException)
        {
            await Error(context, 200, 1, e.Message);
        }
    }

    private JsonObject Find(JsonObject request)
    {
        var className =
            (string?)request["className"] ?? throw new FormatException("className is required");
        if (!_classes.TryGetValue(className, out var objects))
            throw new FormatException($"Unknown class '{className}'");
        IEnumerable<JsonObject> rows = objects;
        foreach (var filter in request["filters"]?.AsArray() ?? [])
        {
            var predicate = FiixQuery.Parse(
                (string?)filter?["ql"] ?? throw new FormatException("a filter needs ql"),
                filter!["parameters"]?.AsArray()
            );
            rows = rows.Where(predicate);
        }
        var matching = rows.ToList();
        if ((string?)request["orderBy"] is { Length: > 0 } orderBy)
        {
            var descending = orderBy.EndsWith(" DESC", StringComparison.OrdinalIgnoreCase);
            var field = orderBy.Split(' ')[0];
            var ordered = matching
                .OrderBy(r =>
                    r[field] is JsonValue v && v.GetValueKind() == JsonValueKind.Number
                        ? double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture)
                        : double.NaN
                )
                .ThenBy(r => r[field]?.ToString(), StringComparer.Ordinal);
            matching = (descending ? ordered.Reverse() : ordered).ToList();
        }
        var start = (int?)request["startIndex"] ?? 0;
        var max = Math.Min((int?)request["maxObjects"] ?? MaxObjects, MaxObjects);
        if (start < 0 || max < 1)
            throw new FormatException("startIndex must be 0 or more and maxObjects 1 or more");
        var fields = ((string?)request["fields"])?.Split(
            ',',
            StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries
        );
        var unknown = fields?.FirstOrDefault(f => objects.Count > 0 && !objects[0].ContainsKey(f));
        if (unknown is not null)
            throw new FormatException($"Unknown field '{unknown}' of class {className}");
        var page = new JsonArray();
        foreach (var row in matching.Skip(start).Take(max))
        {
            var item = new JsonObject
            {
                ["className"] = className,
                ["id"] = row["id"]!.DeepClone(),
            };
            foreach (var (name, value) in row)
                if (name != "id" && (fields is null || fields.Contains(name)))
                    item[name] = value?.DeepClone();
            page.Add(item);
        }
        return new JsonObject
        {
            ["_maCn"] = "FindResponse",
            ["serverVersion"] = new JsonObject
            {
                ["major"] = 2,
                ["minor"] = 48,
                ["patch"] = 1,
            },
            ["objects"] = page,
            ["totalObjects"] = matching.Count,
        };
    }

    private static Task Error(HttpContext context, int status, int code, string message) =>
        WriteJson(
            context,
            new JsonObject
            {
                ["_maCn"] = "FindResponse",
                ["error"] = new JsonObject
                {
                    ["code"] = code,
                    ["message"] = message,
                    ["leg"] = "API",
                },
            },
            status
        );

    private static DateTimeOffset Millis(JsonNode? node) => FakeFormats.Read(node, millis: true);

    private static long Ms(DateTimeOffset moment) => moment.ToUnixTimeMilliseconds();

    private static List<JsonObject> Statuses() =>
        new[]
        {
            (1, "Requested"),
            (2, "Assigned"),
            (3, "Open"),
            (4, "Work In Progress"),
            (5, "On Hold"),
            (6, "Closed, Completed"),
        }
            .Select(s => new JsonObject
            {
                ["id"] = s.Item1,
                ["strName"] = s.Item2,
                ["intControlID"] = s.Item1,
                ["intSysCode"] = s.Item1,
            })
            .ToList();

    private static List<JsonObject> Priorities() =>
        new[] { "Highest", "High", "Medium", "Low", "Lowest" }
            .Select(
                (name, i) =>
                    new JsonObject
                    {
                        ["id"] = 1 + i,
                        ["strName"] = name,
                        ["intOrder"] = 1 + i,
                        ["intSysCode"] = 1 + i,
                    }
            )
            .ToList();

    private static List<JsonObject> Users(FakeData data) =>
        Enumerable
            .Range(0, 30)
            .Select(i => new JsonObject
            {
                ["id"] = 2001 + i,
                ["strFullName"] = data.Person(i + 5),
                ["strUserName"] = $"{data.FirstName(i + 5).ToLowerInvariant()}{i}",
                ["strUserTitle"] = data.Pick([
                    "Technician",
                    "Planner",
                    "Supervisor",
                    "Storekeeper",
                ]),
                ["strEmailAddress"] =
                    $"{data.FirstName(i + 5).ToLowerInvariant()}.{data.LastName(i + 5).ToLowerInvariant()}@acme.example",
                ["strTelephone"] = $"+44 20 7946 {1000 + i:D4}",
                ["intUserStatusID"] = data.Chance(0.9) ? 1 : 2,
                ["bolGroup"] = false,
            })
            .ToList();

    /// <summary>5 sites, 25 locations, 120 pieces of equipment and 70 parts, all of class Asset.</summary>
    private static List<JsonObject> Assets(FakeData data)
    {
        var assets = new List<JsonObject>();
        JsonObject Asset(
            int category,
            string name,
            string code,
            long? site,
            long? location,
            long? parent
        )
        {
            var asset = new JsonObject
            {
                ["id"] = 10001 + assets.Count,
                ["strName"] = name,
                ["strCode"] = code,
                ["strDescription"] = null,
                ["strMake"] = null,
                ["strModel"] = null,
                ["strSerialNumber"] = null,
                ["strBarcode"] = null,
                ["strAddress"] = null,
                ["strCity"] = null,
                ["intSiteID"] = site,
                ["intAssetLocationID"] = location,
                ["intAssetParentID"] = parent,
                ["intCategoryID"] = 100 + category,
                ["intSuperCategorySysCode"] = category,
                ["bolIsSite"] = false,
                ["bolIsOnline"] = true,
                ["bolIsRegion"] = false,
                ["qtyStockCount"] = null,
                ["qtyMinStockCount"] = null,
                ["dblLastPrice"] = null,
            };
            assets.Add(asset);
            return asset;
        }
        for (var i = 0; i < 5; i++)
        {
            var site = Asset(1, FakeData.Sites[i], $"SITE-{i + 1}", null, null, null);
            site["bolIsSite"] = true;
            site["strDescription"] = "Production site";
            site["strAddress"] = $"{10 + i} Harbour Road";
            site["strCity"] = data.Pick(["Leeds", "Bristol", "Glasgow", "Cardiff"]);
        }
        for (var i = 0; i < 25; i++)
        {
            var site = 10001 + i % 5;
            Asset(1, data.Place(5 + i), $"LOC-{i + 1:D3}", site, site, null)["strDescription"] =
                "Area";
        }
        var locations = assets
            .Where(a => (int)a["intSuperCategorySysCode"]! == 1 && !(bool)a["bolIsSite"]!)
            .ToList();
        for (var i = 0; i < 120; i++)
        {
            var location = data.Pick(locations);
            var equipment = Asset(
                2,
                data.Equipment(i + 7),
                $"EQ-{i + 1:D4}",
                FakeFormats.Long(location["intSiteID"]),
                FakeFormats.Long(location["id"]),
                i >= 100 ? 10031 + i % 20 : null
            );
            equipment["strMake"] = data.Pick([
                "Siemens",
                "Bosch Rexroth",
                "SKF",
                "Atlas Copco",
                "Schneider",
            ]);
            equipment["strModel"] = $"{(char)('A' + i % 6)}{300 + i}";
            equipment["strSerialNumber"] = $"S{i * 7919 % 100000:D5}";
            equipment["strBarcode"] = $"EQ{i + 1:D6}";
            equipment["bolIsOnline"] = data.Chance(0.9);
            equipment["strDescription"] =
                $"{FakeData.EquipmentKinds[(i + 7) % FakeData.EquipmentKinds.Length]}";
        }
        for (var i = 0; i < 70; i++)
        {
            var location = data.Pick(locations);
            var part = Asset(
                4,
                data.Part(i + 3),
                $"PRT-{i + 1:D4}",
                FakeFormats.Long(location["intSiteID"]),
                FakeFormats.Long(location["id"]),
                null
            );
            part["strDescription"] = "Spare part";
            part["qtyStockCount"] = data.Next(0, 50);
            part["qtyMinStockCount"] = data.Next(1, 8);
            part["dblLastPrice"] = Math.Round(1 + data.Next(100, 30000) / 100.0, 2);
            part["strMake"] = data.Pick(["SKF", "Gates", "Parker", "Eaton"]);
        }
        return assets;
    }

    private static List<JsonObject> Businesses(FakeData data) =>
        Enumerable
            .Range(0, 15)
            .Select(i => new JsonObject
            {
                ["id"] = 4001 + i,
                ["strName"] = data.Company(i + 4),
                ["strCode"] = $"SUP-{i + 1:D3}",
                ["strPrimaryEmail"] = $"sales{i}@supplier.example",
                ["strPhone"] = $"+44 161 496 {2000 + i:D4}",
                ["strAddress"] = $"{i + 1} Mill Lane",
                ["strCity"] = data.Pick(["Manchester", "Sheffield", "Leicester"]),
            })
            .ToList();

    private static List<JsonObject> WorkOrders(
        FakeData data,
        List<JsonObject> assets,
        List<JsonObject> users
    )
    {
        var equipment = assets.Where(a => (int)a["intSuperCategorySysCode"]! == 2).ToList();
        return Enumerable
            .Range(0, 230)
            .Select(i =>
            {
                var (created, modified) = data.CreatedAndModified();
                var asset = data.Pick(equipment);
                var user = data.Pick(users);
                var status = data.Pick([1, 2, 3, 3, 4, 5, 6, 6, 6]);
                return new JsonObject
                {
                    ["id"] = 50001 + i,
                    ["strCode"] = $"WO{3001 + i}",
                    ["strDescription"] = data.Task(i + 4, (string)asset["strName"]!),
                    ["strCompletionNotes"] = status == 6 ? "Completed as planned." : null,
                    ["intWorkOrderStatusID"] = status,
                    ["intPriorityID"] = data.Next(1, 6),
                    ["intMaintenanceTypeID"] = data.Pick([1, 2, 3]),
                    ["intSiteID"] = FakeFormats.Long(asset["intSiteID"]),
                    ["intRequestedByUserID"] = data.Chance(0.4)
                        ? FakeFormats.Long(data.Pick(users)["id"])
                        : null,
                    ["intCompletedByUserID"] = status == 6 ? FakeFormats.Long(user["id"]) : null,
                    ["strAssetIds"] = $"{FakeFormats.Long(asset["id"])}",
                    ["strAssets"] = (string)asset["strName"]!,
                    ["strAssignedUserIds"] = $"{FakeFormats.Long(user["id"])}",
                    ["strAssignedUsers"] = (string)user["strFullName"]!,
                    ["dtmDateCreated"] = Ms(created),
                    ["dtmDateCompleted"] = status == 6 ? Ms(modified) : null,
                    ["dtmDateLastModified"] = Ms(modified),
                    ["dtmSuggestedStartDate"] = Ms(created + TimeSpan.FromDays(1)),
                    ["dtmSuggestedCompletionDate"] = Ms(
                        created + TimeSpan.FromDays(data.Next(2, 20))
                    ),
                };
            })
            .ToList();
    }

    private static List<JsonObject> PurchaseOrders(
        FakeData data,
        List<JsonObject> assets,
        List<JsonObject> businesses
    ) =>
        Enumerable
            .Range(0, 40)
            .Select(i =>
            {
                var (created, modified) = data.CreatedAndModified();
                return new JsonObject
                {
                    ["id"] = 6001 + i,
                    ["intCode"] = 1001 + i,
                    ["intSupplierID"] = FakeFormats.Long(data.Pick(businesses)["id"]),
                    ["intPurchaseOrderStatusID"] = data.Next(1, 6),
                    ["intSiteID"] = 10001 + i % 5,
                    ["strPurchaseOrderReference"] = $"REQ-{7000 + i}",
                    ["dblTotal"] = Math.Round(data.Next(5000, 900000) / 100.0, 2),
                    ["dtmDateCreated"] = Ms(created),
                    ["dtmDateLastUpdated"] = Ms(modified),
                    ["dtmDateRequiredBy"] = Ms(created + TimeSpan.FromDays(21)),
                };
            })
            .ToList();

    private static List<JsonObject> ScheduledMaintenance(FakeData data, List<JsonObject> assets) =>
        Enumerable
            .Range(0, 25)
            .Select(i =>
            {
                var (created, modified) = data.CreatedAndModified();
                return new JsonObject
                {
                    ["id"] = 8001 + i,
                    ["strCode"] = $"PM-{i + 1:D3}",
                    ["strDescription"] =
                        $"{data.Pick(["Monthly", "Quarterly", "Annual"])} service of {assets[30 + i * 4]["strName"]}",
                    ["intSiteID"] = FakeFormats.Long(assets[30 + i * 4]["intSiteID"]),
                    ["intPriorityID"] = data.Next(1, 6),
                    ["intMaintenanceTypeID"] = 2,
                    ["dtmCreateDate"] = Ms(created),
                    ["dtmUpdatedDate"] = Ms(modified),
                };
            })
            .ToList();
}

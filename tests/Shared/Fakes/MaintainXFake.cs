using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Makini.Flows.Tests.Fakes;

/// <summary>
/// MaintainX's REST API (reference/maintainx-openapi.json): <c>Authorization: Bearer &lt;key&gt;</c>, optional
/// <c>x-organization-id</c>, cursor pages (<c>cursor</c>, <c>limit</c> 1..200, <c>nextCursor</c>), <c>updatedAt[gte]</c>
/// on the lists that take it, fields expanded only when asked (<c>expand=asset</c>), and the
/// <c>X-Rate-Limit-Limit/-Remaining/-Reset</c> headers with a 429 when the window's budget is spent.
/// </summary>
public sealed class MaintainXFake : FakeServer
{
    public const string ApiKey = "mx_live_7f3c2a9d41b84e0c";
    public const int OrganizationId = 48213;

    private readonly Lock _window = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _windowCount;

    private readonly IReadOnlyList<ListRoute> _routes;

    /// <param name="now">The moment the data set is generated at.</param>
    /// <param name="workOrders">How many work orders it holds (100 a page as the connector reads them).</param>
    public MaintainXFake(DateTimeOffset? now = null, int workOrders = 230)
        : base(now)
    {
        var data = new FakeData(1701, Now);
        var users = Users(data);
        var teams = Teams();
        var vendors = Vendors(data);
        var locations = Locations(data);
        var assets = Assets(data, locations);
        var parts = Parts(data, locations);
        var purchaseOrders = PurchaseOrders(data);
        var meters = Meters(data, assets);
        var workOrderRows = WorkOrders(data, assets, locations, users, workOrders);
        var workRequests = WorkRequests(data, assets, locations);
        Func<JsonObject, DateTimeOffset> updatedAt = r => FakeFormats.Read(r["updatedAt"]);
        _routes =
        [
            new(
                "/v1/workorders",
                "workOrders",
                "work-orders",
                workOrderRows,
                true,
                ["asset", "assignees", "categories", "location", "procedure"]
            ),
            new(
                "/v1/assets",
                "assets",
                "assets",
                assets,
                true,
                ["barcode", "team_ids", "vendor_ids", "status", "manufacturer", "model"]
            ),
            new(
                "/v1/locations",
                "locations",
                "locations",
                locations,
                false,
                ["team_ids", "vendor_ids", "barcode"]
            ),
            new("/v1/parts", "parts", "materials", parts, true, ["vendors"]),
            new(
                "/v1/purchaseorders",
                "purchaseOrders",
                "purchase-orders",
                purchaseOrders,
                true,
                []
            ),
            new("/v1/users", "users", "users", users, false, ["role"]),
            new("/v1/vendors", "vendors", "vendors", vendors, false, []),
            new("/v1/teams", "teams", "teams", teams, false, []),
            new(
                "/v1/meters",
                "meters",
                "meters",
                meters,
                false,
                ["asset", "location", "last_reading"]
            ),
            new(
                "/v1/workrequests",
                "workRequests",
                "service-requests",
                workRequests,
                false,
                ["asset", "location", "work_order"]
            ),
        ];
        foreach (var route in _routes)
            AddTable(
                route.Entity,
                route.Rows,
                route.Rows.All(r => r["updatedAt"] is not null) ? updatedAt : null
            );
    }

    public override string InstanceUrl => Origin + "/v1";

    /// <summary>Requests allowed per 60-second window (MaintainX's default for a user is 100).</summary>
    public int RateLimit { get; set; } = 100;

    /// <summary>The rate limit's window (60 seconds at MaintainX).</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(60);

    protected override void MapRoutes(WebApplication app)
    {
        foreach (var route in _routes)
            app.MapGet(route.Path, context => List(context, route));
    }

    private async Task List(HttpContext context, ListRoute route)
    {
        var authorization = context.Request.Headers.Authorization.ToString().Split(' ', 2);
        if (
            authorization is not [var scheme, ApiKey]
            || !scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
        )
        {
            await WriteJson(context, new JsonObject { ["error"] = "Invalid token" }, 401);
            return;
        }
        if (
            context.Request.Headers.TryGetValue("x-organization-id", out var organization)
            && organization.ToString() != OrganizationId.ToString()
        )
        {
            await WriteJson(
                context,
                new JsonObject
                {
                    ["error"] = $"You do not have access to organization {organization}",
                },
                403
            );
            return;
        }
        if (!SpendRateLimit(context))
        {
            await WriteJson(context, new JsonObject { ["error"] = "Too many requests" }, 429);
            return;
        }

        var query = context.Request.Query;
        var limit = 100;
        if (
            query.TryGetValue("limit", out var limitText)
            && (!int.TryParse(limitText, out limit) || limit < 1 || limit > 200)
        )
        {
            await WriteJson(
                context,
                new JsonObject { ["error"] = "limit must be an integer between 1 and 200" },
                400
            );
            return;
        }
        var afterId = 0L;
        if (
            query.TryGetValue("cursor", out var cursor)
            && !string.IsNullOrEmpty(cursor)
            && !TryReadCursor(cursor!, out afterId)
        )
        {
            await WriteJson(context, new JsonObject { ["error"] = "Invalid cursor" }, 400);
            return;
        }
        IEnumerable<JsonObject> rows = route.Rows.Where(r => FakeFormats.Long(r["id"]) > afterId);
        if (query.TryGetValue("updatedAt[gte]", out var sinceText))
        {
            if (!route.Incremental)
            {
                await WriteJson(
                    context,
                    new JsonObject { ["error"] = "updatedAt[gte] is not a filter of this list" },
                    400
                );
                return;
            }
            if (FakeFormats.ParseIso(sinceText) is not { } since)
            {
                await WriteJson(
                    context,
                    new JsonObject { ["error"] = "updatedAt[gte] must be an ISO 8601 date-time" },
                    400
                );
                return;
            }
            rows = rows.Where(r => FakeFormats.Read(r["updatedAt"]) >= since);
        }
        var expand = query["expand"]
            .SelectMany(e => (e ?? "").Split(','))
            .ToHashSet(StringComparer.Ordinal);
        var unknown = expand.Except(route.Expandable).FirstOrDefault();
        if (unknown is not null)
        {
            await WriteJson(
                context,
                new JsonObject
                {
                    ["error"] =
                        $"expand must be one of {string.Join(", ", route.Expandable)}, not '{unknown}'",
                },
                400
            );
            return;
        }

        var page = rows.Take(limit + 1).ToList();
        var more = page.Count > limit;
        if (more)
            page.RemoveAt(limit);
        var items = new JsonArray();
        foreach (var row in page)
            items.Add(Expanded(row, route.Expandable, expand));
        string? next = more ? WriteCursor(FakeFormats.Long(page[^1]["id"])) : null;
        await WriteJson(
            context,
            new JsonObject
            {
                [route.Key] = items,
                ["nextCursor"] = next,
                ["nextPageUrl"] = next is null ? null : $"{route.Path}?cursor={next}&limit={limit}",
            }
        );
    }

    private static JsonObject Expanded(
        JsonObject row,
        IReadOnlyList<string> expandable,
        HashSet<string> expand
    )
    {
        var copy = row.DeepClone().AsObject();
        foreach (var name in expandable)
            if (!expand.Contains(name))
                copy.Remove(FieldOf(name));
        return copy;
    }

    /// <summary>An expand value names a field in snake case (<c>team_ids</c> expands <c>teamIds</c>).</summary>
    private static string FieldOf(string expand)
    {
        var parts = expand.Split('_');
        return parts[0]
            + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    private bool SpendRateLimit(HttpContext context)
    {
        int remaining;
        long reset;
        bool allowed;
        lock (_window)
        {
            var now = DateTimeOffset.UtcNow;
            if (now - _windowStart >= RateLimitWindow)
            {
                _windowStart = now;
                _windowCount = 0;
            }
            allowed = _windowCount < RateLimit;
            if (allowed)
                _windowCount++;
            remaining = RateLimit - _windowCount;
            reset = (long)Math.Ceiling((_windowStart + RateLimitWindow - now).TotalSeconds);
        }
        context.Response.Headers["X-Rate-Limit-Limit"] = RateLimit.ToString();
        context.Response.Headers["X-Rate-Limit-Remaining"] = remaining.ToString();
        context.Response.Headers["X-Rate-Limit-Reset"] = reset.ToString();
        return allowed;
    }

    private static string WriteCursor(long lastId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"id:{lastId}")).TrimEnd('=');

    private static bool TryReadCursor(string cursor, out long lastId)
    {
        lastId = 0;
        try
        {
            var padded = cursor.PadRight(cursor.Length + (4 - cursor.Length % 4) % 4, '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            return text.StartsWith("id:", StringComparison.Ordinal)
                && long.TryParse(text[3..], out lastId);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static List<JsonObject> Users(FakeData data) =>
        Enumerable
            .Range(0, 30)
            .Select(i => new JsonObject
            {
                ["id"] = 90001 + i,
                ["firstName"] = data.FirstName(i),
                ["lastName"] = data.LastName(i),
                ["email"] =
                    $"{data.FirstName(i).ToLowerInvariant()}.{data.LastName(i).ToLowerInvariant()}{i}@example.com",
                ["phoneNumber"] = data.Chance(0.7) ? $"+1 415-555-{1000 + i:D4}" : null,
                ["authType"] = "NORMAL",
                ["hourlyRate"] = 3500 + 100 * data.Next(30),
                ["lastVisitedAt"] = FakeFormats.Iso(data.Within(30)),
                ["role"] =
                    i == 0 ? "ADMIN" : data.Pick(["MEMBER", "MEMBER", "OPERATOR", "REQUESTER"]),
            })
            .ToList();

    private static List<JsonObject> Teams() =>
        new[] { "Mechanical", "Electrical", "HVAC", "Facilities", "Night Shift", "Contractors" }
            .Select((name, i) => new JsonObject { ["id"] = 7101 + i, ["name"] = name })
            .ToList();

    private static List<JsonObject> Vendors(FakeData data) =>
        Enumerable
            .Range(0, 15)
            .Select(i => new JsonObject { ["id"] = 6201 + i, ["name"] = data.Company(i) })
            .ToList();

    private static List<JsonObject> Locations(FakeData data) =>
        Enumerable
            .Range(0, 25)
            .Select(i =>
            {
                var (created, modified) = data.CreatedAndModified();
                return new JsonObject
                {
                    ["id"] = 5301 + i,
                    ["name"] = data.Place(i),
                    ["description"] = i < FakeData.Sites.Length ? "Site" : "Area",
                    ["address"] =
                        i < FakeData.Sites.Length
                            ? $"{100 + i * 12} Industrial Way, Springfield"
                            : null,
                    ["parentId"] =
                        i < FakeData.Sites.Length ? null : 5301 + i % FakeData.Sites.Length,
                    ["createdAt"] = FakeFormats.Iso(created),
                    ["updatedAt"] = FakeFormats.Iso(modified),
                    ["organizationId"] = OrganizationId,
                    ["teamIds"] = new JsonArray(7101 + i % 6),
                    ["vendorIds"] = new JsonArray(),
                    ["barcode"] = $"LOC-{5301 + i}",
                };
            })
            .ToList();

    private static List<JsonObject> Assets(FakeData data, List<JsonObject> locations) =>
        Enumerable
            .Range(0, 120)
            .Select(i =>
            {
                var (created, modified) = data.CreatedAndModified();
                var online = data.Chance(0.85);
                return new JsonObject
                {
                    ["id"] = 30001 + i,
                    ["name"] = data.Equipment(i),
                    ["description"] =
                        $"{FakeData.EquipmentKinds[i % FakeData.EquipmentKinds.Length]} in {data.Place(5 + i % 20)}",
                    ["parentId"] = i >= 100 ? 30001 + i % 20 : null,
                    ["criticalityId"] = 1 + i % 3,
                    ["locationId"] = FakeFormats.Long(data.Pick(locations)["id"]),
                    ["serialNumber"] = $"SN{2019 + i % 6}{i:D5}",
                    ["createdAt"] = FakeFormats.Iso(created),
                    ["updatedAt"] = FakeFormats.Iso(modified),
                    ["creatorId"] = 90001 + i % 3,
                    ["organizationId"] = OrganizationId,
                    ["barcode"] = $"AST{30001 + i}",
                    ["teamIds"] = new JsonArray(7101 + i % 4),
                    ["vendorIds"] = new JsonArray(6201 + i % 15),
                    ["status"] = new JsonObject
                    {
                        ["id"] = 880000 + i,
                        ["status"] = online ? "ONLINE" : "OFFLINE",
                        ["downtimeType"] = online ? null : "UNPLANNED",
                        ["startedAt"] = FakeFormats.Iso(modified),
                        ["endedAt"] = null,
                        ["description"] = online ? null : "Waiting for parts",
                    },
                    ["manufacturer"] = data.Pick([
                        "Atlas Copco",
                        "Siemens",
                        "ABB",
                        "Grundfos",
                        "Caterpillar",
                        "Trane",
                    ]),
                    ["model"] = $"M-{100 + i % 40}",
                };
            })
            .ToList();

    private static List<JsonObject> Parts(FakeData data, List<JsonObject> locations) =>
        Enumerable
            .Range(0, 80)
            .Select(i =>
            {
                var (created, modified) = data.CreatedAndModified();
                var location = FakeFormats.Long(data.Pick(locations)["id"]);
                var available = data.Next(0, 60);
                var minimum = data.Next(2, 12);
                return new JsonObject
                {
                    ["id"] = 41001 + i,
                    ["name"] = data.Part(i),
                    ["description"] = $"Spare {data.Part(i).ToLowerInvariant()}",
                    ["barcode"] = $"PRT-{41001 + i}",
                    ["locationId"] = location,
                    ["locations"] = new JsonArray(
                        new JsonObject
                        {
                            ["locationId"] = location,
                            ["availableQuantity"] = available,
                            ["minimumQuantity"] = minimum,
                        }
                    ),
                    ["area"] = $"Shelf {1 + i % 12}",
                    ["unitCost"] = Math.Round(2.5 + data.Next(1, 40000) / 100.0, 2),
                    ["availableQuantity"] = available,
                    ["minimumQuantity"] = minimum,
                    ["orderedQuantity"] = data.Next(0, 10),
                    ["reservedQuantity"] = data.Next(0, 5),
                    ["partTypes"] = new JsonArray(
                        FakeData.PartKinds[i % FakeData.PartKinds.Length]
                    ),
                    ["createdAt"] = FakeFormats.Iso(created),
                    ["updatedAt"] = FakeFormats.Iso(modified),
                    ["organizationId"] = OrganizationId,
                    ["vendors"] = new JsonArray(new JsonObject { ["vendorId"] = 6201 + i % 15 }),
                };
            })
            .ToList();

    private static List<JsonObject> PurchaseOrders(FakeData data) =>
        Enumerable
            .Range(0, 40)
            .Select(i =>
            {
                var (created, modified) = data.CreatedAndModified();
                return new JsonObject
                {
                    ["id"] = 1301 + i,
                    ["status"] = data.Pick([
                        "REQUESTED",
                        "PENDING",
                        "APPROVED",
                        "PARTIALLY_FULFILLED",
                        "COMPLETED",
                        "DECLINED",
                        "CANCELED",
                    ]),
                    ["updatedAt"] = FakeFormats.Iso(modified),
                    ["createdAt"] = FakeFormats.Iso(created),
                };
            })
            .ToList();

    private static List<JsonObject> Meters(FakeData data, List<JsonObject> assets) =>
        Enumerable
            .Range(0, 20)
            .Select(i =>
            {
                var asset = assets[i * 5];
                return new JsonObject
                {
                    ["id"] = 2201 + i,
                    ["name"] = $"{asset["name"]} {(i % 2 == 0 ? "run hours" : "temperature")}",
                    ["unit"] = i % 2 == 0 ? "Hours" : "Celsius",
                    ["measurementType"] = i % 3 == 0 ? "AUTOMATED_SENSOR" : "MANUAL",
                    ["asset"] = new JsonObject
                    {
                        ["id"] = FakeFormats.Long(asset["id"]),
                        ["name"] = asset["name"]!.GetValue<string>(),
                    },
                    ["location"] = null,
                    ["lastReading"] = new JsonObject
                    {
                        ["id"] = 990000 + i,
                        ["meterId"] = 2201 + i,
                        ["createdAt"] = FakeFormats.Iso(data.Within(10)),
                        ["readingDate"] = FakeFormats.Iso(data.Within(10)),
                        ["value"] = i % 2 == 0 ? data.Next(100, 20000) : data.Next(20, 95),
                    },
                };
            })
            .ToList();

    private static List<JsonObject> WorkOrders(
        FakeData data,
        List<JsonObject> assets,
        List<JsonObject> locations,
        List<JsonObject> users,
        int count
    ) =>
        Enumerable
            .Range(0, count)
            .Select(i =>
            {
                var (created, modified) = data.CreatedAndModified();
                var asset = data.Pick(assets);
                var status = data.Pick([
                    "OPEN",
                    "OPEN",
                    "IN_PROGRESS",
                    "ON_HOLD",
                    "DONE",
                    "DONE",
                    "DONE",
                    "CANCELED",
                ]);
                var due = created + TimeSpan.FromDays(data.Next(1, 30));
                var assignee = FakeFormats.Long(data.Pick(users)["id"]);
                return new JsonObject
                {
                    ["id"] = 700001 + i,
                    ["sequentialId"] = 1001 + i,
                    ["title"] = data.Task(i, asset["name"]!.GetValue<string>()),
                    ["updatedAt"] = FakeFormats.Iso(modified),
                    ["status"] = status,
                    ["completedAt"] = status == "DONE" ? FakeFormats.Iso(modified) : null,
                    ["completerId"] = status == "DONE" ? assignee : null,
                    ["createdAt"] = FakeFormats.Iso(created),
                    ["creatorId"] = FakeFormats.Long(users[i % 4]["id"]),
                    ["deletedAt"] = i % 46 == 45 ? FakeFormats.Iso(modified) : null,
                    ["description"] = data.Chance(0.8)
                        ? "Reported by the operator during the morning round."
                        : null,
                    ["dueDate"] = FakeFormats.Iso(due),
                    ["dueDateIsFullDay"] = false,
                    ["startDate"] = FakeFormats.Iso(due - TimeSpan.FromDays(1)),
                    ["locationId"] = FakeFormats.Long(asset["locationId"]),
                    ["organizationId"] = OrganizationId,
                    ["priority"] = data.Pick(["NONE", "LOW", "MEDIUM", "MEDIUM", "HIGH"]),
                    ["requesterId"] = data.Chance(0.3)
                        ? FakeFormats.Long(data.Pick(users)["id"])
                        : null,
                    ["type"] = data.Pick(["REACTIVE", "PREVENTIVE", "PREVENTIVE", "OTHER"]),
                    ["vendorIds"] = new JsonArray(),
                    ["assignees"] = new JsonArray(
                        new JsonObject { ["type"] = "USER", ["id"] = assignee }
                    ),
                    ["categories"] = new JsonArray(
                        data.Pick(["Mechanical", "Electrical", "Safety", "Inspection"])
                    ),
                    ["asset"] = new JsonObject
                    {
                        ["id"] = FakeFormats.Long(asset["id"]),
                        ["name"] = asset["name"]!.GetValue<string>(),
                        ["locationId"] = FakeFormats.Long(asset["locationId"]),
                    },
                    ["location"] = null,
                    ["procedure"] = Procedure(i, status == "DONE"),
                };
            })
            .ToList();

    /// <summary>
    /// A work order's procedure (<c>expand=procedure</c>): a heading and the checks under it, ticked when the work
    /// order is done; every third work order has none.
    /// </summary>
    private static JsonObject? Procedure(int index, bool done)
    {
        if (index % 3 == 2)
            return null;
        var first = 9_000_000 + index * 10;
        string[] checks =
            index % 2 == 0
                ? ["Guards in place", "No leaks", "Oil level above minimum"]
                : ["Belt tension", "Bearing temperature"];
        var fields = new JsonArray(
            new JsonObject
            {
                ["id"] = first,
                ["parentId"] = null,
                ["required"] = false,
                ["description"] = null,
                ["type"] = "HEADING",
                ["label"] = "Before start",
                ["value"] = new JsonObject(),
            }
        );
        for (var i = 0; i < checks.Length; i++)
            fields.Add(
                new JsonObject
                {
                    ["id"] = first + 1 + i,
                    ["parentId"] = first,
                    ["required"] = true,
                    ["description"] = i == 0 ? "Look, do not touch while running." : null,
                    ["type"] = "CHECKBOX",
                    ["label"] = checks[i],
                    ["value"] = new JsonObject { ["checked"] = done },
                }
            );
        return new JsonObject
        {
            ["id"] = 50_000 + index,
            ["templateIds"] = new JsonArray(4100 + index % 2),
            ["title"] = index % 2 == 0 ? "Daily round" : "Drive check",
            ["maxScore"] = checks.Length,
            ["score"] = done ? checks.Length : 0,
            ["fields"] = fields,
        };
    }

    private static List<JsonObject> WorkRequests(
        FakeData data,
        List<JsonObject> assets,
        List<JsonObject> locations
    ) =>
        Enumerable
            .Range(0, 35)
            .Select(i =>
            {
                var (created, modified) = data.CreatedAndModified();
                var asset = data.Pick(assets);
                var status = data.Pick(["PENDING", "APPROVED", "REJECTED", "DONE"]);
                return new JsonObject
                {
                    ["id"] = 8801 + i,
                    ["title"] =
                        $"{data.Pick(["Strange noise from", "Leak under", "Alarm on", "Smell near"])} {asset["name"]}",
                    ["priority"] = data.Pick(["NONE", "LOW", "MEDIUM", "HIGH"]),
                    ["description"] = "Submitted through the request portal.",
                    ["requestStatus"] = status,
                    ["assetId"] = FakeFormats.Long(asset["id"]),
                    ["locationId"] = FakeFormats.Long(data.Pick(locations)["id"]),
                    ["workOrderId"] = status is "APPROVED" or "DONE" ? 700001 + i * 6 : null,
                    ["sendEmailNotification"] = true,
                    ["createdAt"] = FakeFormats.Iso(created),
                    ["updatedAt"] = FakeFormats.Iso(modified),
                };
            })
            .ToList();

    private sealed record ListRoute(
        string Path,
        string Key,
        string Entity,
        IReadOnlyList<JsonObject> Rows,
        bool Incremental,
        IReadOnlyList<string> Expandable
    );
}

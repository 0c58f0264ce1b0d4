using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Makini.Flows.Tests.Fakes;

/// <summary>
/// IBM Maximo's OSLC REST API under <c>/maximo/api/os/{object structure}</c>: an <c>apikey</c> header, or
/// <c>maxauth: base64(user:password)</c> (or Basic); <c>lean=1</c> for plain attribute names, <c>oslc.select</c>
/// (without it a member is only its <c>href</c>), <c>oslc.where</c>, <c>oslc.pageSize</c> and <c>pageno</c>; answers
/// <c>{"member":[...],"responseInfo":{"nextPage":{"href":...},"pagenum":n,"totalCount":n,"totalPages":n}}</c>.
/// Errors are Maximo's <c>{"Error":{"reasonCode":"BMXAA...","message":...,"statusCode":...}}</c>.
/// </summary>
public sealed class MaximoFake : FakeServer
{
    public const string ApiKey = "k0b5d8c1r3v7m2q9s6a4e0n8t1l5u3h7";
    public const string User = "MXINTADM";
    public const string Password = "maxadmin-Pa55";

    private readonly Dictionary<
        string,
        (string Entity, IReadOnlyList<JsonObject> Rows, string[] Key)
    > _objects;

    public MaximoFake(DateTimeOffset? now = null)
        : base(now)
    {
        var data = new FakeData(5501, Now);
        var locations = Locations(data);
        var assets = Assets(data, locations);
        var persons = Persons(data);
        var items = Items(data);
        var workOrders = WorkOrders(data, assets, persons);
        var requests = ServiceRequests(data, assets, persons);
        var purchaseOrders = PurchaseOrders(data);
        _objects = new(StringComparer.OrdinalIgnoreCase)
        {
            ["mxapiwo"] = ("work-orders", workOrders, ["wonum", "siteid"]),
            ["mxapiasset"] = ("assets", assets, ["assetnum", "siteid"]),
            ["mxapilocations"] = ("locations", locations, ["location", "siteid"]),
            ["mxapiitem"] = ("materials", items, ["itemnum", "itemsetid"]),
            ["mxapiperson"] = ("users", persons, ["personid"]),
            ["mxapisr"] = ("service-requests", requests, ["ticketid"]),
            ["mxapipo"] = ("purchase-orders", purchaseOrders, ["ponum", "siteid", "revisionnum"]),
        };
        foreach (var (_, (entity, rows, _)) in _objects)
            AddTable(
                entity,
                rows,
                rows[0].ContainsKey("changedate") ? r => FakeFormats.Read(r["changedate"]) : null
            );
    }

    /// <summary>The Maximo URL up to <c>/maximo</c>.</summary>
    public override string InstanceUrl => Origin + "/maximo";

    protected override void MapRoutes(WebApplication app)
    {
        app.MapGet("/maximo/api/whoami", WhoAmI);
        app.MapGet("/maximo/api/os/{name}", Query);
    }

    private static async Task WhoAmI(HttpContext context)
    {
        if (!Authenticated(context.Request))
        {
            await Error(
                context,
                401,
                "BMXAA7901E",
                "You cannot log in at this time. Contact the system administrator."
            );
            return;
        }
        await WriteJson(
            context,
            new JsonObject
            {
                ["personid"] = User,
                ["displayName"] = "Integration Administrator",
                ["loginID"] = User.ToLowerInvariant(),
                ["defaultSite"] = SiteIds[0],
                ["insertOrg"] = "EAGLENA",
                ["langcode"] = "EN",
            }
        );
    }

    private async Task Query(HttpContext context, string name)
    {
        if (!Authenticated(context.Request))
        {
            await Error(
                context,
                401,
                "BMXAA7901E",
                "You cannot log in at this time. Contact the system administrator."
            );
            return;
        }
        if (!_objects.TryGetValue(name, out var collection))
        {
            await Error(
                context,
                404,
                "BMXAA8727E",
                $"The OSLC resource {name.ToUpperInvariant()} was not found."
            );
            return;
        }
        var query = context.Request.Query;
        var lean = query["lean"] == "1";
        IEnumerable<JsonObject> rows = collection.Rows;
        if (query["oslc.where"] is { Count: > 0 } where && !string.IsNullOrWhiteSpace(where))
        {
            try
            {
                var predicate = MaximoWhere.Parse(where!);
                rows = rows.Where(predicate).ToList();
            }
            catch (FormatException e)
            {
                await Error(
                    context,
                    400,
                    "BMXAA9487E",
                    $"The oslc.where clause is not valid: {e.Message}"
                );
                return;
            }
        }
        var matching = rows.ToList();
        int? pageSize = null;
        if (query.TryGetValue("oslc.pageSize", out var sizeText))
        {
            if (!int.TryParse(sizeText, out var size) || size < 1)
            {
                await Error(context, 400, "BMXAA1745E", "oslc.pageSize must be a positive number.");
                return;
            }
            pageSize = size;
        }
        var pageNumber = 1;
        if (
            query.TryGetValue("pageno", out var pageText)
            && (!int.TryParse(pageText, out pageNumber) || pageNumber < 1)
        )
        {
            await Error(context, 400, "BMXAA1745E", "pageno must be a positive number.");
            return;
        }
        var select = ((string?)query["oslc.select"]) is { } selected
            ? MaximoSelect.Parse(selected)
            : null;
        var perPage = pageSize ?? Math.Max(matching.Count, 1);
        var totalPages = Math.Max(1, (matching.Count + perPage - 1) / perPage);
        var members = new JsonArray();
        foreach (var row in matching.Skip((pageNumber - 1) * perPage).Take(perPage))
            members.Add(
                Member(
                    row,
                    select,
                    lean,
                    $"{Origin}/maximo/api/os/{name.ToLowerInvariant()}/_{Key(row, collection.Key)}"
                )
            );

        var self = $"{Origin}{context.Request.Path}{context.Request.QueryString}";
        var info = new JsonObject
        {
            ["href"] = self,
            ["pagenum"] = pageNumber,
            ["totalCount"] = matching.Count,
            ["totalPages"] = totalPages,
        };
        if (pageNumber < totalPages)
            info["nextPage"] = new JsonObject { ["href"] = WithPage(context, pageNumber + 1) };
        if (pageNumber > 1)
            info["previousPage"] = new JsonObject { ["href"] = WithPage(context, pageNumber - 1) };
        await WriteJson(
            context,
            lean
                ? new JsonObject
                {
                    ["member"] = members,
                    ["href"] = self,
                    ["responseInfo"] = info,
                }
                : new JsonObject
                {
                    ["rdfs:member"] = members,
                    ["rdf:about"] = self,
                    ["oslc:responseInfo"] = Prefixed(info, "oslc:"),
                }
        );
    }

    private static bool Authenticated(HttpRequest request)
    {
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));
        return request.Headers["apikey"] == ApiKey
            || request.Headers["maxauth"] == credentials
            || request.Headers.Authorization == $"Basic {credentials}";
    }

    private static JsonObject Member(JsonObject row, MaximoSelect? select, bool lean, string href)
    {
        var member = select?.Apply(row, lean) ?? new JsonObject();
        member[lean ? "href" : "rdf:about"] = href;
        return member;
    }

    private static JsonObject Prefixed(JsonObject info, string prefix) =>
        new(info.Select(p => KeyValuePair.Create(prefix + p.Key, p.Value?.DeepClone())));

    private string WithPage(HttpContext context, int page)
    {
        var parameters = context
            .Request.Query.Where(p => p.Key != "pageno")
            .SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v)))
            .Append(
                KeyValuePair.Create("pageno", (string?)page.ToString(CultureInfo.InvariantCulture))
            );
        return QueryHelpers.AddQueryString($"{Origin}{context.Request.Path}", parameters);
    }

    private static string Key(JsonObject row, string[] key) =>
        Convert
            .ToBase64String(
                Encoding.UTF8.GetBytes(string.Join("/", key.Select(k => row[k]?.ToString())))
            )
            .TrimEnd('=')
            .Replace('+', '-')
            .Replace('/', '_');

    private static Task Error(HttpContext context, int status, string reason, string message) =>
        WriteJson(
            context,
            new JsonObject
            {
                ["Error"] = new JsonObject
                {
                    ["extendedError"] = new JsonObject
                    {
                        ["moreInfo"] = new JsonObject
                        {
                            ["href"] =
                                $"http://{context.Request.Host}/maximo/api/error/messages/{reason}",
                        },
                    },
                    ["reasonCode"] = reason,
                    ["message"] = $"{reason} - {message}",
                    ["statusCode"] = status.ToString(CultureInfo.InvariantCulture),
                },
            },
            status
        );

    /// <summary>Maximo writes times with an offset: <c>2026-01-02T03:04:05+00:00</c>.</summary>
    private static string Time(DateTimeOffset moment) =>
        moment
            .ToUniversalTime()
            .ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    private static readonly string[] SiteIds = ["BEDFORD", "NASHUA", "TEXAS"];

    private static long Rowstamp(FakeData data) => 1_000_000 + data.Next(1, 9_000_000);

    private static List<JsonObject> Locations(FakeData data) =>
        Enumerable
            .Range(0, 40)
            .Select(i =>
            {
                var (_, modified) = data.CreatedAndModified();
                return new JsonObject
                {
                    ["locationsid"] = 1001 + i,
                    ["location"] = i < 6 ? $"BLDG{i + 1}" : $"BLDG{i % 6 + 1}-{100 + i}",
                    ["description"] = data.Place(i),
                    ["type"] = i % 10 == 9 ? "STOREROOM" : "OPERATING",
                    ["status"] = "OPERATING",
                    ["siteid"] = SiteIds[i % SiteIds.Length],
                    ["orgid"] = "EAGLENA",
                    ["changedate"] = Time(modified),
                    ["_rowstamp"] = Rowstamp(data).ToString(CultureInfo.InvariantCulture),
                };
            })
            .ToList();

    private static List<JsonObject> Assets(FakeData data, List<JsonObject> locations) =>
        Enumerable
            .Range(0, 120)
            .Select(i =>
            {
                var (_, modified) = data.CreatedAndModified();
                var location = locations[i % locations.Count];
                return new JsonObject
                {
                    ["assetid"] = 2001 + i,
                    ["assetnum"] = $"{11200 + i}",
                    ["description"] = data.Equipment(i + 2),
                    ["status"] = data.Chance(0.9) ? "OPERATING" : "NOT READY",
                    ["location"] = (string)location["location"]!,
                    ["siteid"] = (string)location["siteid"]!,
                    ["orgid"] = "EAGLENA",
                    ["parent"] = i >= 100 ? $"{11200 + i % 20}" : null,
                    ["serialnum"] = $"MX{i * 104729 % 1000000:D6}",
                    ["manufacturer"] = data.Pick(["GE", "SIEMENS", "ABB", "EMERSON"]),
                    ["vendor"] = data.Pick(["GRAINGER", "FASTENAL", "MSC"]),
                    ["priority"] = 1 + i % 5,
                    ["isrunning"] = true,
                    ["changedate"] = Time(modified),
                    ["_rowstamp"] = Rowstamp(data).ToString(CultureInfo.InvariantCulture),
                };
            })
            .ToList();

    private static List<JsonObject> Persons(FakeData data) =>
        Enumerable
            .Range(0, 35)
            .Select(i => new JsonObject
            {
                ["personuid"] = 3001 + i,
                ["personid"] = $"{data.LastName(i + 2).ToUpperInvariant()}{i}",
                ["displayname"] = data.Person(i + 2),
                ["firstname"] = data.FirstName(i + 2),
                ["lastname"] = data.LastName(i + 2),
                ["title"] = data.Pick(["Mechanic", "Electrician", "Planner", "Supervisor"]),
                ["status"] = data.Chance(0.9) ? "ACTIVE" : "INACTIVE",
                ["primaryemail"] =
                    $"{data.FirstName(i + 2).ToLowerInvariant()}.{data.LastName(i + 2).ToLowerInvariant()}@eagle.example",
                ["primaryphone"] = $"+1 781-555-{7000 + i:D4}",
                ["locationsite"] = SiteIds[i % SiteIds.Length],
                ["_rowstamp"] = Rowstamp(data).ToString(CultureInfo.InvariantCulture),
            })
            .ToList();

    private static List<JsonObject> Items(FakeData data) =>
        Enumerable
            .Range(0, 90)
            .Select(i => new JsonObject
            {
                ["itemid"] = 4001 + i,
                ["itemnum"] = $"{0500 + i:D4}-{i % 7}",
                ["description"] = data.Part(i + 2),
                ["status"] = "ACTIVE",
                ["itemsetid"] = "SET1",
                ["orderunit"] = data.Pick(["EACH", "BOX", "SET"]),
                ["issueunit"] = "EACH",
                ["commoditygroup"] = data.Pick(["MECH", "ELEC", "HYD"]),
                ["rotating"] = false,
                ["_rowstamp"] = Rowstamp(data).ToString(CultureInfo.InvariantCulture),
            })
            .ToList();

    private static List<JsonObject> WorkOrders(
        FakeData data,
        List<JsonObject> assets,
        List<JsonObject> persons
    ) =>
        Enumerable
            .Range(0, 230)
            .Select(i =>
            {
                var (created, modified) = data.CreatedAndModified();
                var asset = data.Pick(assets);
                var status = data.Pick(["WAPPR", "APPR", "INPRG", "WMATL", "COMP", "CLOSE", "CAN"]);
                var start = created + TimeSpan.FromDays(data.Next(0, 10));
                var done = status is "COMP" or "CLOSE";
                return new JsonObject
                {
                    ["workorderid"] = 9001 + i,
                    ["wonum"] = $"{1300 + i}",
                    ["description"] = data.Task(i + 8, (string)asset["description"]!),
                    ["status"] = status,
                    ["statusdate"] = Time(modified),
                    ["worktype"] = data.Pick(["CM", "PM", "EM", "CAL"]),
                    ["wopriority"] = data.Next(1, 6),
                    ["assetnum"] = (string)asset["assetnum"]!,
                    ["location"] = (string)asset["location"]!,
                    ["siteid"] = (string)asset["siteid"]!,
                    ["orgid"] = "EAGLENA",
                    ["reportedby"] = (string)data.Pick(persons)["personid"]!,
                    ["reportdate"] = Time(created),
                    ["schedstart"] = Time(start),
                    ["schedfinish"] = Time(start + TimeSpan.FromHours(data.Next(2, 48))),
                    ["actstart"] = status is "INPRG" or "COMP" or "CLOSE" ? Time(start) : null,
                    ["actfinish"] = done ? Time(modified) : null,
                    ["targcompdate"] = Time(start + TimeSpan.FromDays(7)),
                    ["changedate"] = Time(modified),
                    ["_rowstamp"] = Rowstamp(data).ToString(CultureInfo.InvariantCulture),
                    ["woactivity"] = Tasks(i, done),
                };
            })
            .ToList();

    /// <summary>A work order's tasks (child object <c>woactivity</c>, selected as <c>woactivity{...}</c>): none for every fourth.</summary>
    private static JsonArray Tasks(int index, bool done)
    {
        string[] steps =
        [
            "Isolate and lock out",
            "Inspect and replace worn parts",
            "Test and return to service",
        ];
        var tasks = new JsonArray();
        for (var t = 0; t < (index % 4 == 3 ? 0 : 1 + index % 3); t++)
            tasks.Add(
                new JsonObject
                {
                    ["taskid"] = (t + 1) * 10,
                    ["wonum"] = $"T{1300 + index}-{t + 1}",
                    ["description"] = steps[t],
                    ["status"] = done ? "COMP" : "WAPPR",
                    ["estdur"] = 0.5 + t,
                }
            );
        return tasks;
    }

    private static List<JsonObject> ServiceRequests(
        FakeData data,
        List<JsonObject> assets,
        List<JsonObject> persons
    ) =>
        Enumerable
            .Range(0, 60)
            .Select(i =>
            {
                var (created, modified) = data.CreatedAndModified();
                var asset = data.Pick(assets);
                return new JsonObject
                {
                    ["ticketuid"] = 12001 + i,
                    ["ticketid"] = $"{1100 + i}",
                    ["description"] =
                        $"{data.Pick(["No heat in", "Water leak near", "Lights out at", "Door jammed at"])} {asset["location"]}",
                    ["status"] = data.Pick(["NEW", "QUEUED", "INPROG", "RESOLVED", "CLOSED"]),
                    ["reportedby"] = (string)data.Pick(persons)["personid"]!,
                    ["reportdate"] = Time(created),
                    ["reportedpriority"] = data.Next(1, 5),
                    ["assetnum"] = (string)asset["assetnum"]!,
                    ["location"] = (string)asset["location"]!,
                    ["siteid"] = (string)asset["siteid"]!,
                    ["orgid"] = "EAGLENA",
                    ["changedate"] = Time(modified),
                    ["_rowstamp"] = Rowstamp(data).ToString(CultureInfo.InvariantCulture),
                };
            })
            .ToList();

    private static List<JsonObject> PurchaseOrders(FakeData data) =>
        Enumerable
            .Range(0, 30)
            .Select(i =>
            {
                var (created, modified) = data.CreatedAndModified();
                return new JsonObject
                {
                    ["poid"] = 15001 + i,
                    ["ponum"] = $"{4400 + i}",
                    ["revisionnum"] = 0,
                    ["description"] = $"Replenish {data.Part(i).ToLowerInvariant()}",
                    ["status"] = data.Pick(["WAPPR", "APPR", "INPRG", "CLOSE"]),
                    ["vendor"] = data.Pick(["GRAINGER", "FASTENAL", "MSC"]),
                    ["orderdate"] = Time(created),
                    ["requireddate"] = Time(created + TimeSpan.FromDays(14)),
                    ["totalcost"] = Math.Round(data.Next(5000, 500000) / 100.0, 2),
                    ["siteid"] = SiteIds[i % SiteIds.Length],
                    ["orgid"] = "EAGLENA",
                    ["changedate"] = Time(modified),
                    ["_rowstamp"] = Rowstamp(data).ToString(CultureInfo.InvariantCulture),
                    ["poline"] = Lines(i),
                };
            })
            .ToList();

    /// <summary>A purchase order's lines (child object <c>poline</c>, selected as <c>poline{...}</c>).</summary>
    private static JsonArray Lines(int index)
    {
        var lines = new JsonArray();
        for (var n = 1; n <= 1 + index % 3; n++)
        {
            var quantity = 2 * n + index % 5;
            var cost = 12.5m * n + index;
            lines.Add(
                new JsonObject
                {
                    ["polineid"] = 70000 + index * 10 + n,
                    ["polinenum"] = n,
                    ["itemnum"] = $"{10400 + (index * 3 + n) % 40}",
                    ["description"] = $"Spare part line {n}",
                    ["orderqty"] = quantity,
                    ["orderunit"] = "EACH",
                    ["unitcost"] = cost,
                    ["linecost"] = cost * quantity,
                    ["receivedqty"] = n == 1 ? quantity : 0,
                    ["storeloc"] = "CENTRAL",
                }
            );
        }
        return lines;
    }
}

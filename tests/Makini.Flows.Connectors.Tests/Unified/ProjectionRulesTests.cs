namespace Makini.Flows.Connectors.Tests.Unified;

/// <summary>
/// Each mapping rule and each conversion: the unified value a rule makes of a source value, or none (left out, and
/// named as unconvertible when the value could not be of the field's type).
/// </summary>
public sealed class ProjectionRulesTests
{
    private const string Omitted = "(omitted)";
    private const string Unconvertible = "(unconvertible)";

    public static TheoryData<string, string, string, string, string, string> Rules =>
        new()
        {
            // entity, field, rule, source record, expected unified value (JSON), case
            {
                "work-orders",
                "title",
                "\"/title\"",
                """{"title":"Pump"}""",
                "\"Pump\"",
                "a pointer"
            },
            {
                "work-orders",
                "assetKey",
                "\"/asset/id\"",
                """{"asset":{"id":"A1"}}""",
                "\"A1\"",
                "a nested pointer"
            },
            {
                "work-orders",
                "laborAssignedKey",
                "\"/assignees/0/id\"",
                """{"assignees":[{"id":7},{"id":8}]}""",
                "\"7\"",
                "an array index"
            },
            {
                "work-orders",
                "title",
                "\"/a~1b/c~0d\"",
                """{"a/b":{"c~d":"x"}}""",
                "\"x\"",
                "escaped pointer tokens"
            },
            {
                "work-orders",
                "title",
                "\"/title\"",
                """{"name":"Pump"}""",
                Omitted,
                "a missing field"
            },
            { "work-orders", "title", "\"/title\"", """{"title":null}""", Omitted, "a null" },
            {
                "work-orders",
                "title",
                "\"/title\"",
                """{"title":""}""",
                Omitted,
                "an empty string"
            },
            {
                "work-orders",
                "title",
                "\"/title/x\"",
                """{"title":"Pump"}""",
                Omitted,
                "a pointer through a string"
            },
            {
                "work-orders",
                "categoryName",
                """{"value":"Corrective"}""",
                "{}",
                "\"Corrective\"",
                "a constant"
            },
            {
                "work-orders",
                "categoryName",
                """{"path":"/type","value":"Corrective"}""",
                """{"type":"Inspection"}""",
                "\"Inspection\"",
                "a path before its constant"
            },
            {
                "work-orders",
                "categoryName",
                """{"path":"/type","value":"Corrective"}""",
                "{}",
                "\"Corrective\"",
                "a constant when the path has none"
            },
            {
                "work-orders",
                "severity",
                """{"path":"/priority","values":{"1":"low","3":"high"}}""",
                """{"priority":3}""",
                "\"high\"",
                "a translated number"
            },
            {
                "work-orders",
                "severity",
                """{"path":"/priority","values":{"1":"low","3":"high"}}""",
                """{"priority":2}""",
                "\"2\"",
                "an unlisted value passes"
            },
            {
                "work-orders",
                "statusKey",
                """{"path":"/status","values":{"OPEN":"open","true":"yes"}}""",
                """{"status":"OPEN"}""",
                "\"open\"",
                "a translated string"
            },
            {
                "work-orders",
                "statusKey",
                """{"path":"/done","values":{"true":"closed"}}""",
                """{"done":true}""",
                "\"closed\"",
                "a translated boolean"
            },
            {
                "work-orders",
                "statusKey",
                """{"path":"/status","values":{"X":null}}""",
                """{"status":"X"}""",
                Omitted,
                "a value translated to null"
            },
            {
                "work-orders",
                "assetKey",
                """{"path":"/assetId","type":"string"}""",
                """{"assetId":42}""",
                "\"42\"",
                "string from a number"
            },
            {
                "work-orders",
                "title",
                """{"path":"/flag","type":"string"}""",
                """{"flag":true}""",
                "\"true\"",
                "string from a boolean"
            },
            {
                "work-orders",
                "title",
                """{"path":"/tags","type":"string"}""",
                """{"tags":["a"]}""",
                Unconvertible,
                "string from an array"
            },
            {
                "work-orders",
                "key",
                "\"/id\"",
                """{"id":5}""",
                "\"5\"",
                "a numeric key becomes text"
            },
            {
                "work-orders",
                "assetKey",
                "\"/assetId\"",
                """{"id":1,"assetId":12345678901234567890}""",
                "\"12345678901234567890\"",
                "an id beyond 64 bits stays exact"
            },
            {
                "work-orders",
                "vendorKey",
                "\"/vendorId\"",
                """{"vendorId":9}""",
                "\"9\"",
                "an extra *Key field becomes text"
            },
            {
                "work-orders",
                "title",
                "\"/info\"",
                """{"info":{"a":1}}""",
                Unconvertible,
                "an object for a string field"
            },
            {
                "materials",
                "quantity",
                """{"path":"/q","type":"number"}""",
                """{"q":"12.5"}""",
                "12.5",
                "number from numeric text"
            },
            {
                "materials",
                "quantity",
                """{"path":"/q","type":"number"}""",
                """{"q":3}""",
                "3",
                "number from a number"
            },
            {
                "materials",
                "quantity",
                """{"path":"/q","type":"number"}""",
                """{"q":"1e3"}""",
                "1000",
                "number from an exponent"
            },
            {
                "materials",
                "quantity",
                """{"path":"/q","type":"number"}""",
                """{"q":"lots"}""",
                Unconvertible,
                "number from words"
            },
            {
                "materials",
                "quantity",
                """{"path":"/q","type":"number"}""",
                """{"q":true}""",
                Unconvertible,
                "number from a boolean"
            },
            {
                "materials",
                "minimumQuantity",
                """{"path":"/q","type":"number"}""",
                """{"q":"004"}""",
                "\"4\"",
                "a number into a string field"
            },
            {
                "inventories",
                "quantity",
                "\"/q\"",
                """{"q":"7"}""",
                "7",
                "integer field from text"
            },
            {
                "inventories",
                "quantity",
                "\"/q\"",
                """{"q":12.0}""",
                "12",
                "integer field from a whole number"
            },
            {
                "inventories",
                "quantity",
                "\"/q\"",
                """{"q":12.5}""",
                Unconvertible,
                "integer field from a fraction"
            },
            {
                "materials",
                "quantity",
                """{"path":"/q","type":"integer"}""",
                """{"q":"9"}""",
                "9",
                "integer rule"
            },
            {
                "assets",
                "isActive",
                "\"/active\"",
                """{"active":true}""",
                "true",
                "boolean field from a boolean"
            },
            {
                "assets",
                "isActive",
                "\"/active\"",
                """{"active":"Yes"}""",
                "true",
                "boolean field from yes"
            },
            {
                "assets",
                "isActive",
                "\"/active\"",
                """{"active":"false"}""",
                "false",
                "boolean field from text"
            },
            {
                "assets",
                "isActive",
                "\"/active\"",
                """{"active":0}""",
                "false",
                "boolean field from 0"
            },
            {
                "assets",
                "isActive",
                "\"/active\"",
                """{"active":"maybe"}""",
                Unconvertible,
                "boolean field from other words"
            },
            {
                "assets",
                "isActive",
                "\"/active\"",
                """{"active":2}""",
                Unconvertible,
                "boolean field from 2"
            },
            {
                "users",
                "isActive",
                """{"path":"/active","type":"boolean"}""",
                """{"active":1}""",
                "\"true\"",
                "boolean rule into a string field"
            },
            {
                "work-orders",
                "dueAt",
                "\"/due\"",
                """{"due":"2024-05-01T10:00:00Z"}""",
                "\"2024-05-01T10:00:00.000Z\"",
                "ISO time in UTC"
            },
            {
                "work-orders",
                "dueAt",
                "\"/due\"",
                """{"due":"2024-05-01T10:00:00-04:00"}""",
                "\"2024-05-01T14:00:00.000Z\"",
                "ISO time with an offset"
            },
            {
                "work-orders",
                "dueAt",
                "\"/due\"",
                """{"due":"2024-05-01T10:00:00\u002B02:00"}""",
                "\"2024-05-01T08:00:00.000Z\"",
                "ISO time with an escaped offset"
            },
            {
                "work-orders",
                "dueAt",
                "\"/due\"",
                """{"due":"2024-05-01T10:00:00"}""",
                "\"2024-05-01T10:00:00.000Z\"",
                "ISO time without offset is UTC"
            },
            {
                "work-orders",
                "dueAt",
                "\"/due\"",
                """{"due":"2024-05-01"}""",
                "\"2024-05-01T00:00:00.000Z\"",
                "a date"
            },
            {
                "work-orders",
                "dueAt",
                "\"/due\"",
                """{"due":"2024-05-01T10:00:00.1239Z"}""",
                "\"2024-05-01T10:00:00.123Z\"",
                "fractions to milliseconds"
            },
            {
                "work-orders",
                "dueAt",
                "\"/due\"",
                """{"due":"2024-05-01 10:00:00"}""",
                "\"2024-05-01T10:00:00.000Z\"",
                "a time with a space"
            },
            {
                "work-orders",
                "dueAt",
                """{"path":"/due","type":"datetime","format":"dd/MM/yyyy HH:mm"}""",
                """{"due":"01/05/2024 10:30"}""",
                "\"2024-05-01T10:30:00.000Z\"",
                "a .NET date format"
            },
            {
                "work-orders",
                "dueAt",
                """{"path":"/due","format":"yyyyMMdd"}""",
                """{"due":"20240501"}""",
                "\"2024-05-01T00:00:00.000Z\"",
                "a format for a datetime field"
            },
            {
                "work-orders",
                "dueAt",
                """{"path":"/due","type":"datetime","format":"yyyyMMdd"}""",
                """{"due":"2024-05-01"}""",
                Unconvertible,
                "text not in the format"
            },
            {
                "work-orders",
                "dueAt",
                """{"path":"/due","type":"epochSeconds"}""",
                """{"due":1714557600}""",
                "\"2024-05-01T10:00:00.000Z\"",
                "epoch seconds"
            },
            {
                "work-orders",
                "dueAt",
                """{"path":"/due","type":"epochSeconds"}""",
                """{"due":"1714557600"}""",
                "\"2024-05-01T10:00:00.000Z\"",
                "epoch seconds as text"
            },
            {
                "work-orders",
                "dueAt",
                """{"path":"/due","type":"epochMillis"}""",
                """{"due":1714557600123}""",
                "\"2024-05-01T10:00:00.123Z\"",
                "epoch milliseconds"
            },
            {
                "work-orders",
                "dueAt",
                """{"path":"/due","type":"epochSeconds"}""",
                """{"due":0}""",
                Omitted,
                "epoch 0 is never"
            },
            {
                "work-orders",
                "dueAt",
                """{"path":"/due","type":"epochSeconds"}""",
                """{"due":1e300}""",
                Unconvertible,
                "an epoch out of range"
            },
            {
                "work-orders",
                "dueAt",
                "\"/due\"",
                """{"due":"soon"}""",
                Unconvertible,
                "words for a datetime field"
            },
            {
                "work-orders",
                "dueAt",
                "\"/due\"",
                """{"due":1714557600}""",
                Unconvertible,
                "a number for a datetime field without an epoch type"
            },
            {
                "work-orders",
                "notes",
                """{"path":"/due","type":"epochSeconds"}""",
                """{"due":1714557600}""",
                "\"2024-05-01T10:00:00.000Z\"",
                "a time into a string field"
            },
            {
                "materials",
                "assetKeys",
                "\"/assets\"",
                """{"assets":[1,"B",true]}""",
                """["1","B","true"]""",
                "*Keys arrays hold text"
            },
            {
                "materials",
                "assetKeys",
                "\"/asset\"",
                """{"asset":5}""",
                """["5"]""",
                "one key into a *Keys array"
            },
            {
                "materials",
                "assetKeys",
                "\"/assets\"",
                """{"assets":[{"id":1}]}""",
                Unconvertible,
                "objects into a *Keys array"
            },
            {
                "work-orders",
                "tasks",
                "\"/steps\"",
                """{"steps":[{"title":"Lock out","key":"1"}]}""",
                """[{"key":"1","title":"Lock out"}]""",
                "an array of objects, keys sorted"
            },
            {
                "work-orders",
                "tasks",
                "\"/step\"",
                """{"step":{"title":"Lock out"}}""",
                """[{"title":"Lock out"}]""",
                "one object into an array field"
            },
            {
                "purchase-orders",
                "shipmentAddress",
                "\"/address\"",
                """{"address":{"street":"Main 1","city":"Oslo"}}""",
                """{"city":"Oslo","street":"Main 1"}""",
                "an object, keys sorted"
            },
            {
                "purchase-orders",
                "shipmentAddress",
                "\"/address\"",
                """{"address":"Main 1, Oslo"}""",
                Unconvertible,
                "text for an object field"
            },
            {
                "users",
                "email",
                "\"/email\"",
                """{"email":"ana@example.com"}""",
                "\"ana@example.com\"",
                "an extra field as mapped"
            },
            {
                "users",
                "firstName",
                "\"/name/first\"",
                """{"name":{"first":"Ana"}}""",
                "\"Ana\"",
                "an extra nested field"
            },
            {
                "users",
                "phones",
                "\"/phones\"",
                """{"phones":{"work":"1","home":"2"}}""",
                """{"home":"2","work":"1"}""",
                "an extra object, keys sorted"
            },
            {
                "users",
                "age",
                "\"/age\"",
                """{"age":41}""",
                "41",
                "an extra number stays a number"
            },
            {
                "purchase-orders",
                "createdAt",
                "\"/created\"",
                """{"created":"2025-09-11T09:32:00+02:00"}""",
                "\"2025-09-11T07:32:00.000Z\"",
                "an extra *At field is a time"
            },
            {
                "meter-readings",
                "updatedAt",
                """{"path":"/at","type":"epochMillis"}""",
                """{"at":1714557600000}""",
                "\"2024-05-01T10:00:00.000Z\"",
                "an extra time from an epoch"
            },
        };

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_rule_makes_the_unified_value(
        string entity,
        string field,
        string rule,
        string record,
        string expected,
        string @case
    )
    {
        var stream = Streams.With(entity, $$"""{"{{field}}": {{rule}}}""");
        var source = System.Text.Json.Nodes.JsonNode.Parse(record)!.AsObject();
        source.TryAdd("id", "R1");

        var projected = Streams.Project(stream, source.ToJsonString());

        var value = projected.Unified[field];
        switch (expected)
        {
            case Omitted or Unconvertible:
                projected
                    .Unified.ContainsKey(field)
                    .ShouldBeFalse($"{@case}: {value?.ToJsonString()}");
                projected.Unconvertible.Contains(field).ShouldBe(expected == Unconvertible, @case);
                break;
            default:
                value.ShouldNotBeNull(@case).ToJsonString().ShouldBe(expected, @case);
                projected.Unconvertible.ShouldBeEmpty(@case);
                break;
        }
    }
}

namespace Makini.Flows.Benchmarks;

/// <summary>The request body of the HTTP benchmarks: <c>{"records": [...]}</c> with work orders of 7 fields.</summary>
internal static class WorkOrders
{
    public static string Json(int count) =>
        "{\"records\": [" + string.Join(",", Enumerable.Range(1, count).Select(One)) + "]}";

    /// <summary>One work order, as a webhook from a CMMS would carry it.</summary>
    public static string One(int i) =>
        $$"""{"id": {{i}}, "title": "Work order {{i}}", "status": "{{(i % 2 == 0 ? "OPEN" : "DONE")}}", "priority": "high", "assetId": {{1000 + i}}, "dueDate": "2026-11-{{10 + i % 20:00}}", "notes": "ignored"}""";
}

using System.Text.Json.Nodes;
using Makini.Flows.Engine.Activities;

namespace Makini.Flows.Activities.Data;

/// <summary>
/// Reads a connection's unified records (as <c>GET /api/eam/{entity}</c> answers them) into the flow:
/// <c>outputs.&lt;id&gt;.records</c> and <c>.count</c>.
/// </summary>
[Activity(
    "QueryRecords",
    "Data",
    "Reads a connection's unified records of one entity (work orders, assets...) with Makini's filters, a sort and a limit, and outputs them as an array.",
    DisplayName = "Query records"
)]
public sealed class QueryRecords : Activity
{
    public const int MaxLimit = 10_000;

    [Input("The connection's id (con_...).", Required = true)]
    public Input<string> ConnectionId { get; set; } = null!;

    [Input(
        "The unified entity, as in the records API's paths.",
        UiHint = UiHints.Dropdown,
        Options = [
            "work-orders",
            "assets",
            "sites",
            "locations",
            "materials",
            "purchase-orders",
            "service-requests",
            "users",
            "vendors",
            "teams",
            "meters",
            "meter-readings",
            "pm",
            "storerooms",
            "inventories",
        ],
        DefaultJson = "\"work-orders\""
    )]
    public Input<string> Entity { get; set; } = null!;

    [Input(
        "Filters as Makini's filter[...] parameters: {\"statusKey\": \"open\", \"title:contains\": \"pump\", \"dueAt:lt\": \"2026-12-31\"}.",
        UiHint = UiHints.Json
    )]
    public Input<JsonObject> Filter { get; set; } = null!;

    [Input(
        "Match any filter instead of all of them.",
        UiHint = UiHints.Checkbox,
        DefaultJson = "false"
    )]
    public Input<bool> MatchAny { get; set; } = null!;

    [Input("The field to sort by, e.g. updatedAt; empty keeps the store's order.")]
    public Input<string> SortBy { get; set; } = null!;

    [Input(
        "Sort descending (newest first for times).",
        UiHint = UiHints.Checkbox,
        DefaultJson = "true"
    )]
    public Input<bool> Descending { get; set; } = null!;

    [Input("At most this many records (up to 10,000).", DefaultJson = "100")]
    public Input<int> Limit { get; set; } = null!;

    [Output("The records, as the unified API shows them.")]
    public Output<JsonArray> Records { get; set; } = null!;

    [Output("How many records came back.")]
    public Output<int> Count { get; set; } = null!;

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var connectionId = context.Get(ConnectionId);
        if (string.IsNullOrWhiteSpace(connectionId))
            throw new InvalidOperationException("connectionId is required");
        var limit = context.Get(Limit);
        if (limit is < 1 or > MaxLimit)
            throw new InvalidOperationException($"limit must be from 1 to {MaxLimit}, not {limit}");
        var sort = context.Get(SortBy);
        var records = await context
            .GetRequiredService<IConnectionData>()
            .QueryAsync(
                connectionId,
                context.Get(Entity) ?? "work-orders",
                context.Get(Filter),
                context.Get(MatchAny),
                string.IsNullOrWhiteSpace(sort) ? null : sort.Trim(),
                context.Get(Descending),
                limit,
                context.CancellationToken
            );
        context.SetOutput(Records.Name, records);
        context.SetOutput(Count.Name, records.Count);
        return ActivityResult.Done;
    }
}

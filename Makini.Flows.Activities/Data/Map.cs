using System.Text.Json.Nodes;
using Makini.Flows.Engine.Activities;

namespace Makini.Flows.Activities.Data;

/// <summary>
/// Maps records into the unified model the way the records API does: with a connection's mapping in force, or an
/// inline mapping document over the connector's default (docs/mappings.md). Source records (a CMMS's webhook payload,
/// a trigger's body) are projected as they are; unified records (from QueryRecords or Sync) are projected again
/// from the source records stored with them.
/// </summary>
[Activity(
    "Map",
    "Data",
    "Maps records to the unified model with a connection's mapping, or an inline mapping document: remapped fields, value tables, conversions, scripts and custom fields, exactly as the records API serves them.",
    DisplayName = "Map records"
)]
public sealed class Map : Activity
{
    public const int MaxRecords = 10_000;

    [Input(
        "The connection whose mapping to use (con_...); with an inline mapping, whose connector's default it overlays."
    )]
    public Input<string> ConnectionId { get; set; } = null!;

    [Input(
        "The connector whose default mapping an inline mapping overlays, when no connection is named (demo-cmms, maintainx...)."
    )]
    public Input<string> Connector { get; set; } = null!;

    [Input(
        "The unified entity.",
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

    [Input("The records to map: one record or an array of them.", Required = true)]
    public Input<JsonNode> Records { get; set; } = null!;

    [Input(
        "What the records are: 'source' records as the system sends them, or 'unified' records (from QueryRecords or Sync) to map again from the source records stored with them.",
        UiHint = UiHints.Dropdown,
        Options = ["source", "unified"],
        DefaultJson = "\"source\""
    )]
    public Input<string> RecordsAre { get; set; } = null!;

    [Input(
        "An inline mapping document ({\"fields\": {...}, \"customFields\": {...}}); empty uses the connection's mapping in force.",
        UiHint = UiHints.Json
    )]
    public Input<JsonObject> Mapping { get; set; } = null!;

    [Output(
        "The unified records, each with its customFields and, when a field failed, mappingErrors."
    )]
    public Output<JsonArray> Mapped { get; set; } = null!;

    [Output("The failures, one per record and field: {index, key, field, message}.")]
    public Output<JsonArray> Errors { get; set; } = null!;

    [Output("How many records were mapped.")]
    public Output<int> Count { get; set; } = null!;

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var records = context.Get(Records) switch
        {
            JsonArray array => array,
            JsonObject one => new JsonArray(one.DeepClone()),
            null => throw new InvalidOperationException("records is required"),
            var other => throw new InvalidOperationException(
                $"records must be an object or an array of objects, not {other.GetValueKind()}"
            ),
        };
        if (records.Count > MaxRecords)
            throw new InvalidOperationException(
                $"at most {MaxRecords:N0} records at a time, not {records.Count:N0}"
            );
        var connectionId = context.Get(ConnectionId);
        var connector = context.Get(Connector);
        if (string.IsNullOrWhiteSpace(connectionId) && string.IsNullOrWhiteSpace(connector))
            throw new InvalidOperationException(
                "name a connectionId (its mapping) or a connector (whose default an inline mapping overlays)"
            );
        var recordsAre = context.Get(RecordsAre) ?? "source";
        if (recordsAre is not ("source" or "unified"))
            throw new InvalidOperationException(
                $"recordsAre is 'source' or 'unified', not '{recordsAre}'"
            );
        var outcome = await context
            .GetRequiredService<IConnectionData>()
            .MapAsync(
                new MapRequest(
                    string.IsNullOrWhiteSpace(connectionId) ? null : connectionId.Trim(),
                    string.IsNullOrWhiteSpace(connector) ? null : connector.Trim(),
                    context.Get(Entity) ?? "work-orders",
                    records,
                    recordsAre == "unified",
                    context.Get(Mapping)
                ),
                context.CancellationToken
            );
        context.SetOutput(Mapped.Name, outcome.Records);
        context.SetOutput(Errors.Name, outcome.Errors);
        context.SetOutput(Count.Name, outcome.Records.Count);
        return ActivityResult.Done;
    }
}

/// <summary>What the Map activity asks the host to map.</summary>
/// <param name="StoredRecords">The records are unified ones: map the source records stored under their keys.</param>
/// <param name="Mapping">An inline document; null: the connection's mapping in force.</param>
public sealed record MapRequest(
    string? ConnectionId,
    string? Connector,
    string Entity,
    JsonArray Records,
    bool StoredRecords,
    JsonObject? Mapping
);

/// <summary>The mapped records and the failures of their fields.</summary>
public sealed record MapOutcome(JsonArray Records, JsonArray Errors);

using System.Text.Json.Nodes;
using Makini.Flows.Activities.Triggers;
using Makini.Flows.Connectors.Unified;

namespace Makini.Flows.Server.Bus;

/// <summary>
/// A realistic <c>data</c> of every event type, for a test send to an endpoint and for documentation; each fits its
/// type's schema in <see cref="EventCatalog"/> (tested).
/// </summary>
public static class EventSamples
{
    public static JsonObject For(string type, string? connectionId, DateTime now, string renewUrl)
    {
        var at = now.ToString("yyyy-MM-ddTHH:mm:ss.fffZ");
        var earlier = now.AddMinutes(-2).ToString("yyyy-MM-ddTHH:mm:ss.fffZ");
        return type switch
        {
            EventTypes.FlowRunCompleted or EventTypes.FlowRunFailed => new JsonObject
            {
                ["runId"] = "0193f2c4a1b27d4e9c3f5a6b7c8d9e0f",
                ["flowId"] = "work-order-triage",
                ["flowVersion"] = 3,
                ["status"] = type == EventTypes.FlowRunCompleted ? "Completed" : "Faulted",
                ["error"] =
                    type == EventTypes.FlowRunCompleted
                        ? null
                        : "HttpRequest 'notify': the receiver answered 503",
                ["trigger"] = "hook:/hooks/triage",
            },
            EventTypes.SyncCompleted => new JsonObject
            {
                ["syncId"] = "sync_3f9c1a2b4d5e6f708192a3b4",
                ["mode"] = "incremental",
                ["startedAt"] = earlier,
                ["finishedAt"] = at,
                ["durationMs"] = 120_000,
                ["entities"] = new JsonObject
                {
                    ["work-orders"] = new JsonObject
                    {
                        ["inserted"] = 3,
                        ["updated"] = 12,
                        ["deleted"] = 0,
                        ["unchanged"] = 85,
                        ["pages"] = 1,
                        ["since"] = now.AddMinutes(-20).ToString("O"),
                    },
                },
            },
            EventTypes.SyncFailed => new JsonObject
            {
                ["syncId"] = "sync_3f9c1a2b4d5e6f708192a3b4",
                ["code"] = "CONNECTION_FAILED",
                ["message"] = "work-orders page 3: the system answered 503 Service Unavailable",
                ["entity"] = "work-orders",
                ["nextAttemptAt"] = now.AddMinutes(2).ToString("O"),
            },
            EventTypes.ConnectionAuthRequired => new JsonObject
            {
                ["reason"] = "the system refused the credentials: 401 invalid_token",
                ["renewUrl"] = renewUrl,
            },
            EventTypes.ConnectionStatusChanged => new JsonObject
            {
                ["from"] = "online",
                ["to"] = "offline",
                ["reason"] = "the system could not be reached: connection refused",
            },
            EventTypes.SystemError => new JsonObject
            {
                ["code"] = "mapping_failed",
                ["message"] =
                    "version 4 of the work-orders mapping could not fill customFields.costCenter for some records",
                ["source"] = "mapping",
                ["affected"] = new JsonObject
                {
                    ["entity"] = "work-orders",
                    ["fields"] = new JsonArray("customFields.costCenter"),
                    ["mappingVersion"] = 4,
                },
            },
            _ when EntityEvent(type) is var (entity, kind) => EntitySample(entity, kind, at),
            _ => new JsonObject
            {
                ["message"] = "A test event from Makini Flows",
                ["connectionId"] = connectionId,
            },
        };
    }

    private static JsonObject EntitySample(UnifiedEntity entity, string kind, string at)
    {
        var record = new JsonObject { ["key"] = "SAMPLE-1", ["updatedAt"] = at };
        if (kind == "deleted")
            record["deletedAt"] = at;
        var data = new JsonObject
        {
            ["entity"] = entity.Name,
            ["key"] = "SAMPLE-1",
            ["record"] = record,
        };
        if (kind == "updated")
            data["changedFields"] = new JsonArray("updatedAt");
        return data;
    }

    private static (UnifiedEntity Entity, string Kind)? EntityEvent(string type)
    {
        var dot = type.LastIndexOf('.');
        if (dot < 0)
            return null;
        var stem = type[..dot];
        return UnifiedModel.Entities.FirstOrDefault(e => e.EventName == stem) is { } entity
            ? (entity, type[(dot + 1)..])
            : null;
    }
}

using System.Text.Json.Nodes;
using Makini.Flows.Activities.Triggers;
using NJsonSchema;

namespace Makini.Flows.Server.Bus;

/// <summary>One kind of platform event and the JSON Schema of its <c>data</c>.</summary>
public sealed record EventType(string Type, string Description, JsonNode DataSchema);

/// <summary>The platform's event types, what each means and the shape of its data.</summary>
public static class EventCatalog
{
    public static IReadOnlyList<EventType> Types { get; } =
    [
        new(
            EventTypes.FlowRunFailed,
            "A run faulted. Runs started by a flow.run.* event raise none, so a flow cannot trigger itself endlessly.",
            RunSchema()
        ),
        new(
            EventTypes.FlowRunCompleted,
            "A run completed. Runs started by a flow.run.* event raise none.",
            RunSchema()
        ),
        new(
            EventTypes.SyncCompleted,
            "A sync of a connection finished and stored its records: what it did per entity, and the window it read.",
            Schema(
                """
                {
                  "type": "object",
                  "required": ["syncId", "mode", "startedAt", "finishedAt", "entities"],
                  "properties": {
                    "syncId": { "type": "string" },
                    "mode": { "type": "string", "enum": ["backfill", "incremental", "full"] },
                    "startedAt": { "type": "string", "format": "date-time" },
                    "finishedAt": { "type": "string", "format": "date-time" },
                    "durationMs": { "type": "integer", "minimum": 0 },
                    "entities": {
                      "type": "object",
                      "additionalProperties": {
                        "type": "object",
                        "required": ["inserted", "updated", "deleted"],
                        "properties": {
                          "inserted": { "type": "integer", "minimum": 0 },
                          "updated": { "type": "integer", "minimum": 0 },
                          "deleted": { "type": "integer", "minimum": 0 },
                          "unchanged": { "type": "integer", "minimum": 0 },
                          "pages": { "type": "integer", "minimum": 0 },
                          "since": { "type": ["string", "null"], "description": "Where the read started; null: everything." }
                        }
                      }
                    }
                  }
                }
                """
            )
        ),
        new(
            EventTypes.SyncFailed,
            "A sync of a connection stopped with an error; the records stored before it stay, and it is tried again at nextAttemptAt.",
            Schema(
                """
                {
                  "type": "object",
                  "required": ["code", "message"],
                  "properties": {
                    "syncId": { "type": "string" },
                    "code": { "type": "string" },
                    "message": { "type": "string" },
                    "entity": { "type": ["string", "null"] },
                    "nextAttemptAt": { "type": ["string", "null"], "format": "date-time" }
                  }
                }
                """
            )
        ),
        new(
            EventTypes.ConnectionAuthRequired,
            "A connection's credentials were refused (it went to auth_required); someone has to enter them again. Raised with the connection's status_changed.",
            Schema(
                """
                {
                  "type": "object",
                  "required": ["renewUrl"],
                  "properties": {
                    "reason": { "type": ["string", "null"], "description": "What the system answered." },
                    "renewUrl": { "type": "string", "description": "Where to enter the credentials again: the connection's page in the designer (absolute when the server's PublicUrl is set)." }
                  }
                }
                """
            )
        ),
        new(
            EventTypes.ConnectionStatusChanged,
            "A connection's status changed (online, offline, auth_required, disabled); raised once per change, whichever node saw it.",
            Schema(
                """
                {
                  "type": "object",
                  "required": ["from", "to"],
                  "properties": {
                    "from": { "type": "string", "enum": ["online", "offline", "auth_required", "disabled"] },
                    "to": { "type": "string", "enum": ["online", "offline", "auth_required", "disabled"] },
                    "reason": { "type": ["string", "null"] }
                  }
                }
                """
            )
        ),
        new(
            EventTypes.SystemError,
            "Something went wrong in the platform itself.",
            Schema(
                """
                {
                  "type": "object",
                  "required": ["code", "message"],
                  "properties": {
                    "code": { "type": "string", "description": "What went wrong, for machines: mapping_failed, webhook_endpoint_disabled..." },
                    "message": { "type": "string" },
                    "source": { "type": "string", "description": "The part of the platform that raised it." },
                    "affected": {
                      "type": "object",
                      "description": "What it concerns: an entity and its fields, a webhook endpoint...",
                      "properties": {
                        "entity": { "type": "string" },
                        "fields": { "type": "array", "items": { "type": "string" } },
                        "endpointId": { "type": "string" },
                        "mappingVersion": { "type": "integer" }
                      }
                    }
                  }
                }
                """
            )
        ),
    ];

    /// <summary>
    /// Per unified entity, <c>{entity}.inserted</c>, <c>.updated</c> and <c>.deleted</c> (<c>work-order.updated</c>...),
    /// raised by syncs for each record they change, with the record as the unified API shows it.
    /// </summary>
    public static IReadOnlyList<EventType> EntityTypes { get; } =
        Makini
            .Flows.Connectors.Unified.UnifiedModel.Entities.SelectMany(entity =>
                new[] { "inserted", "updated", "deleted" }.Select(kind => new EventType(
                    $"{entity.EventName}.{kind}",
                    $"A sync found a {entity.EventName.Replace('-', ' ')} {(kind == "inserted" ? "new" : kind)} in a connection's system.",
                    Schema(
                        """
                        {
                          "type": "object",
                          "required": ["entity", "key", "record"],
                          "properties": {
                            "entity": { "type": "string" },
                            "key": { "type": "string" },
                            "record": { "type": "object" },
                            "changedFields": {
                              "type": "array",
                              "items": { "type": "string" },
                              "description": "For an update: the unified fields whose values changed."
                            }
                          }
                        }
                        """
                    )
                ))
            )
            .ToList();

    /// <summary>The platform's types and the entity types.</summary>
    public static IReadOnlyList<EventType> All { get; } = [.. Types, .. EntityTypes];

    private static readonly Dictionary<string, (EventType Type, JsonSchema Schema)> ByName =
        All.ToDictionary(
            t => t.Type,
            t => (t, JsonSchema.FromJsonAsync(t.DataSchema.ToJsonString()).GetAwaiter().GetResult())
        );

    public static EventType? Find(string type) =>
        ByName.TryGetValue(type, out var found) ? found.Type : null;

    /// <summary>What is wrong with an event's data, as (JSON pointer under <c>/data</c>, message); empty when it fits.</summary>
    public static IReadOnlyList<(string Pointer, string Message)> Check(string type, JsonNode? data)
    {
        var (_, schema) = ByName[type];
        return schema
            .Validate((data ?? new JsonObject()).ToJsonString())
            .Select(error => ("/data" + Pointer(error.Path), $"{error.Kind}: {error.Property}"))
            .ToList();
    }

    /// <summary>NJsonSchema's path (<c>#/a.b</c>) as a JSON pointer (<c>/a/b</c>); the catalogue's schemas have plain names.</summary>
    private static string Pointer(string? path) =>
        path?.TrimStart('#').Trim('/').Replace('.', '/') is { Length: > 0 } rest ? "/" + rest : "";

    private static JsonNode RunSchema() =>
        Schema(
            """
            {
              "type": "object",
              "required": ["runId", "flowId", "status"],
              "properties": {
                "runId": { "type": "string" },
                "flowId": { "type": "string" },
                "flowVersion": { "type": "integer" },
                "status": { "type": "string", "enum": ["Completed", "Faulted"] },
                "error": { "type": ["string", "null"] },
                "trigger": { "type": ["string", "null"] }
              }
            }
            """
        );

    private static JsonNode Schema(string json) => JsonNode.Parse(json)!;
}

using System.Text.Json.Nodes;

namespace Makini.Flows.Hostile.Tests.Support;

/// <summary>Flows an event starts: an EventTrigger on <c>system.error</c> with a filter script, then a Log.</summary>
public static class EventFlows
{
    public const string EventType = "system.error";

    /// <param name="language">The filter's expression kind: <c>cs</c> or <c>js</c>.</param>
    public static JsonObject Filtering(string id, string filter, string language) =>
        new()
        {
            ["$schema"] = "https://schemas.makini.io/flows/flow-v1.json",
            ["id"] = id,
            ["name"] = id,
            ["activities"] = new JsonArray(
                ScriptFlows.Activity(
                    "trigger",
                    "EventTrigger",
                    new JsonObject
                    {
                        ["eventType"] = new JsonObject { ["literal"] = EventType },
                        ["filter"] = new JsonObject { [language] = filter },
                    }
                ),
                ScriptFlows.Activity(
                    "log",
                    "Log",
                    new JsonObject { ["message"] = new JsonObject { ["literal"] = "started" } }
                )
            ),
            ["connections"] = new JsonArray(ScriptFlows.Connection("trigger", "log")),
        };
}

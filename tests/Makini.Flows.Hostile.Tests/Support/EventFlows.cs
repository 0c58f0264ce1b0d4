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
                new JsonObject
                {
                    ["id"] = "trigger",
                    ["type"] = "EventTrigger",
                    ["inputs"] = new JsonObject
                    {
                        ["eventType"] = new JsonObject { ["literal"] = EventType },
                        ["filter"] = new JsonObject { [language] = filter },
                    },
                },
                new JsonObject
                {
                    ["id"] = "log",
                    ["type"] = "Log",
                    ["inputs"] = new JsonObject
                    {
                        ["message"] = new JsonObject { ["literal"] = "started by an event" },
                    },
                }
            ),
            ["connections"] = new JsonArray(
                new JsonObject
                {
                    ["source"] = "trigger",
                    ["sourcePort"] = "Done",
                    ["target"] = "log",
                }
            ),
        };
}

using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Connectors.Tests.Runtime;

/// <summary>Small manifests for runtime tests, read through the real reader so they are valid.</summary>
public static class TestManifests
{
    public static ConnectorManifest Make(
        JsonNode authentication,
        JsonNode pagination,
        JsonObject? extra = null
    )
    {
        var manifest = new JsonObject
        {
            ["id"] = "test",
            ["name"] = "Test system",
            ["vendor"] = "Tests",
            ["category"] = "CMMS",
            ["credentials"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = "instanceUrl",
                    ["label"] = "Instance URL",
                    ["type"] = "url",
                    ["required"] = true,
                },
                new JsonObject
                {
                    ["name"] = "username",
                    ["label"] = "User",
                    ["type"] = "text",
                },
                new JsonObject
                {
                    ["name"] = "password",
                    ["label"] = "Password",
                    ["type"] = "password",
                }
            ),
            ["baseUrl"] = "{{credentials.instanceUrl}}",
            ["authentication"] = authentication,
            ["check"] = new JsonObject { ["request"] = new JsonObject { ["path"] = "/me" } },
            ["streams"] = new JsonArray(
                new JsonObject
                {
                    ["entity"] = "work-orders",
                    ["request"] = new JsonObject { ["path"] = "/items" },
                    ["records"] = "/items",
                    ["primaryKey"] = "/id",
                    ["pagination"] = pagination,
                    ["incremental"] = new JsonObject
                    {
                        ["field"] = "/updatedAt",
                        ["format"] = "epochSeconds",
                        ["parameter"] = "changedSince",
                        ["lookBack"] = "PT1M",
                    },
                }
            ),
        };
        foreach (var (name, value) in extra ?? [])
            manifest[name] = value?.DeepClone();
        var problems = new List<FlowProblem>();
        return ManifestReader.Read(manifest.ToJsonString(), problems)
            ?? throw new InvalidOperationException(string.Join("\n", problems));
    }

    public static JsonObject Basic() =>
        new()
        {
            ["type"] = "basic",
            ["username"] = "{{credentials.username}}",
            ["password"] = "{{credentials.password}}",
        };

    public static JsonObject NoPages() => new() { ["type"] = "none" };
}

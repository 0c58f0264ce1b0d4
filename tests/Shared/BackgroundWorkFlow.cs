namespace Makini.Flows.Tests.Shared;

/// <summary>
/// An asynchronously triggered flow that loops over <c>input.body.items</c>, counting them in a variable (a
/// checkpoint after every activity), and ends with <c>{ count, run: input.body.n }</c>: the background work the
/// multi-node tests and the background benchmark post by the thousand.
/// </summary>
public static class BackgroundWorkFlow
{
    public static string Json(string id, string path) =>
        $$"""
            {
              "$schema": "https://schemas.makini.io/flows/flow-v1.json",
              "id": "{{id}}",
              "name": "Background work",
              "variables": [{ "name": "count", "type": "integer", "default": 0 }],
              "activities": [
                { "id": "request", "type": "HttpTrigger", "inputs": { "path": { "literal": "{{path}}" }, "mode": { "literal": "async" }, "access": { "literal": "public" } } },
                { "id": "each", "type": "ForEach", "inputs": { "items": { "js": "input.body.items" } } },
                { "id": "add", "type": "SetVariable", "inputs": { "variable": { "literal": "count" }, "value": { "js": "vars.count + 1" } } },
                { "id": "finish", "type": "Finish", "inputs": { "output": { "js": "({ count: vars.count, run: input.body.n ?? null })" } } }
              ],
              "connections": [
                { "source": "request", "sourcePort": "Done", "target": "each" },
                { "source": "each", "sourcePort": "Body", "target": "add" },
                { "source": "each", "sourcePort": "Done", "target": "finish" }
              ]
            }
            """;
}

using System.Text.Json.Nodes;
using Makini.Flows.Activities.Tests.Support;
using Makini.Flows.Engine.Serialization;

namespace Makini.Flows.Activities.Tests.Http;

public sealed class HttpResponseTests
{
    [Fact]
    public async Task A_body_from_a_variable_is_copied_so_the_variable_can_be_answered_again()
    {
        var flow = FlowJson.Deserialize(
            """
            {
              "$schema": "https://schemas.makini.io/flows/flow-v1.json",
              "id": "answer-twice", "name": "answer twice",
              "variables": [{ "name": "payload" }],
              "activities": [
                { "id": "start", "type": "Start" },
                { "id": "set", "type": "SetVariable", "inputs": { "variable": { "literal": "payload" }, "value": { "js": "({ items: [1, 2], ok: true })" } } },
                { "id": "first", "type": "HttpResponse", "inputs": { "body": { "variable": "payload" } } },
                { "id": "second", "type": "HttpResponse", "inputs": { "status": { "literal": 201 }, "body": { "variable": "payload" } } },
                { "id": "finish", "type": "Finish", "inputs": { "output": { "variable": "payload" } } }
              ],
              "connections": [
                { "source": "start", "sourcePort": "Done", "target": "set" },
                { "source": "set", "sourcePort": "Done", "target": "first" },
                { "source": "first", "sourcePort": "Done", "target": "second" },
                { "source": "second", "sourcePort": "Done", "target": "finish" }
              ]
            }
            """
        );

        var run = await ActivityFlows.RunAsync(flow, null);

        run.Status.ShouldBe(Engine.Runtime.RunStatus.Completed, run.Error?.Message);
        var answer = run.Properties["http.response"]!;
        answer["status"]!.GetValue<int>().ShouldBe(201);
        answer["body"]!.ToJsonString().ShouldBe("""{"items":[1,2],"ok":true}""");
        run.Output!.ToJsonString().ShouldBe("""{"items":[1,2],"ok":true}""");
        run.Output.Parent.ShouldBeNull();
    }
}

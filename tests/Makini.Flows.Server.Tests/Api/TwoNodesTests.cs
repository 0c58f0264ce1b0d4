using System.Net;
using System.Text;
using Makini.Flows.Tests.Shared;

namespace Makini.Flows.Server.Tests.Api;

/// <summary>Two servers (in memory) on one PostgreSQL database: what one node changes, the other serves.</summary>
public sealed class TwoNodesTests(PostgresServer postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_flow_deleted_and_created_again_on_one_node_answers_with_its_new_content_on_the_other()
    {
        var database = await postgres.CreateDatabaseAsync(cancellationToken: Ct);
        await using var first = new ServerHost("Postgres", database);
        await using var second = new ServerHost("Postgres", database);
        var admin = first.ClientWithKey();
        var caller = second.ClientWithKey(null);

        await PublishAsync(admin, Flow("first content"));
        (await AnswerWithinAsync(caller, "first content")).ShouldBeTrue();
        (await admin.DeleteAsync("/api/flows/recreated", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.NoContent
        );
        await PublishAsync(admin, Flow("second content"));

        // The same flow id and version number 1 again: the second node must not run its cached plan.
        (await AnswerWithinAsync(caller, "second content")).ShouldBeTrue(
            "the second node still answers with the deleted flow's plan"
        );
    }

    private static string Flow(string answer) =>
        $$"""
            {
              "$schema": "https://schemas.makini.io/flows/flow-v1.json",
              "id": "recreated",
              "name": "recreated",
              "activities": [
                { "id": "request", "type": "HttpTrigger", "inputs": { "path": { "literal": "recreated/hook" }, "access": { "literal": "public" } } },
                { "id": "answer", "type": "HttpResponse", "inputs": { "body": { "literal": "{{answer}}" } } }
              ],
              "connections": [{ "source": "request", "sourcePort": "Done", "target": "answer" }]
            }
            """;

    private static async Task PublishAsync(HttpClient admin, string flow)
    {
        var response = await admin.PostAsync(
            "/api/flows/import?publish=true",
            new StringContent(flow, Encoding.UTF8, "application/json"),
            Ct
        );
        response.StatusCode.ShouldBe(
            HttpStatusCode.OK,
            await response.Content.ReadAsStringAsync(Ct)
        );
    }

    /// <summary>Whether the hook answers <paramref name="expected"/> within 15 s (routes refresh every 2 s).</summary>
    private static async Task<bool> AnswerWithinAsync(HttpClient caller, string expected)
    {
        var until = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < until)
        {
            var response = await caller.PostAsync(
                "/hooks/recreated/hook",
                new StringContent("{}", Encoding.UTF8, "application/json"),
                Ct
            );
            if (
                response.IsSuccessStatusCode
                && (await response.Content.ReadAsStringAsync(Ct)).Contains(expected)
            )
                return true;
            await Task.Delay(200, Ct);
        }
        return false;
    }
}

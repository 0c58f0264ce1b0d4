using System.Text.Json.Nodes;
using Makini.Flows.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Makini.Flows.Server.Connectors;

/// <summary>The connector catalogue: the systems a connection can be made to, and each one's manifest.</summary>
public static class ConnectorsApi
{
    public static void MapConnectorsApi(this IEndpointRouteBuilder app)
    {
        var connectors = app.MapGroup("/api/connectors")
            .WithTags("Connectors")
            .RequireAuthorization(Roles.AdminPolicy);
        connectors.MapGet("/", List);
        connectors.MapGet("/{id}", Get);
    }

    private static Ok<List<ConnectorSummary>> List(InstalledConnectors connectors) =>
        TypedResults.Ok(connectors.Catalog.All.Select(ConnectorSummary.Of).ToList());

    private static Results<Ok<JsonObject>, ProblemHttpResult> Get(
        string id,
        InstalledConnectors connectors
    ) =>
        connectors.Document(id) is { } document
            ? TypedResults.Ok(document)
            : Problems.NotFound($"no connector '{id}'");
}

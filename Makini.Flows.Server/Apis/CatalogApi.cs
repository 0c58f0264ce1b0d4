using Makini.Flows.Engine.Activities;
using Makini.Flows.Engine.Expressions;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Schema;
using Makini.Flows.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Makini.Flows.Server.Apis;

/// <summary>What the designer builds itself from: activity descriptors, the flow schema, expression checks.</summary>
public static class CatalogApi
{
    public static void MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var catalog = app.MapGroup("/api")
            .WithTags("Catalog")
            .RequireAuthorization(Roles.AdminPolicy);
        catalog.MapGet(
            "/activities",
            (FlowEngine engine) =>
                TypedResults.Ok(
                    engine
                        .Registry.Descriptors.OrderBy(d => d.Category)
                        .ThenBy(d => d.Type)
                        .ToList()
                )
        );
        // Flow files name it in $schema, and editors fetch it without a key: it is public, as any schema.
        app.MapGet(
                "/api/schemas/flow.json",
                () => TypedResults.Content(FlowSchema.Json, "application/schema+json")
            )
            .WithTags("Catalog")
            .Produces(StatusCodes.Status200OK, contentType: "application/schema+json")
            .AllowAnonymous();
        catalog.MapPost("/expressions/validate", Validate);
    }

    /// <summary>One expression to check, in the flow it belongs to (optional, for name checks).</summary>
    public sealed record ExpressionCheck(string Language, string Source, FlowDefinition? Flow);

    public sealed record ExpressionProblems(IReadOnlyList<ScriptError> Problems);

    private static Results<Ok<ExpressionProblems>, ProblemHttpResult> Validate(
        ExpressionCheck check,
        FlowEngine engine
    )
    {
        if (check.Source is null)
            return Problems.BadRequest("source is required: the script to check", "/source");
        InputExpression? expression = check.Language switch
        {
            "js" or "javascript" => InputExpression.FromJavaScript(check.Source),
            "cs" or "csharp" => InputExpression.FromCSharp(check.Source),
            _ => null,
        };
        return expression is null
            ? Problems.BadRequest($"unknown language '{check.Language}': use js or cs", "/language")
            : TypedResults.Ok(
                new ExpressionProblems(engine.ValidateExpression(expression, check.Flow))
            );
    }
}

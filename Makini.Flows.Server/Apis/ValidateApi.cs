using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Server.Auth;
using Makini.Flows.Server.Infrastructure;

namespace Makini.Flows.Server.Apis;

/// <summary>
/// <c>POST /api/flows/validate</c>: every problem of a flow document, stored nowhere. The designer calls it as
/// the user edits (a draft with errors cannot be saved, so the draft endpoints cannot serve as a live check).
/// </summary>
public static class ValidateApi
{
    public sealed record FlowProblemView(
        string Pointer,
        string Message,
        string Code,
        string Severity,
        int? Line,
        int? Column
    );

    public sealed record ValidationView(bool Valid, List<FlowProblemView> Problems);

    public static void MapValidateApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/flows/validate", ValidateAsync)
            .WithTags("Flows")
            .RequireAuthorization(Roles.AdminPolicy)
            .DescribesBody<FlowDefinition>(
                "A flow document (GET /api/schemas/flow.json), as text: whatever it is, the answer lists its problems"
            );

    private static async Task<IResult> ValidateAsync(
        HttpRequest request,
        FlowEngine engine,
        CancellationToken ct
    )
    {
        using var reader = new StreamReader(request.Body);
        var result = engine.Validator.Validate(await reader.ReadToEndAsync(ct), out _);
        return TypedResults.Ok(
            new ValidationView(
                !result.HasErrors,
                result
                    .Problems.Select(p => new FlowProblemView(
                        p.Pointer,
                        p.Message,
                        p.Code,
                        p.Severity.ToString().ToLowerInvariant(),
                        p.Line,
                        p.Column
                    ))
                    .ToList()
            )
        );
    }
}

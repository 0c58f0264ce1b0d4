using Makini.Flows.Engine.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Makini.Flows.Server;

/// <summary>application/problem+json answers, including the list of flow problems with their pointers.</summary>
public static class Problems
{
    public static ProblemHttpResult Invalid(
        string title,
        IEnumerable<FlowProblem> problems,
        string pointerPrefix = ""
    ) =>
        TypedResults.Problem(
            title: title,
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = problems
                    .Select(p => new
                    {
                        pointer = pointerPrefix + p.Pointer,
                        message = p.Message,
                        code = p.Code,
                        severity = p.Severity.ToString().ToLowerInvariant(),
                        line = p.Line,
                        column = p.Column,
                    })
                    .ToList(),
            }
        );

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(
            title: "Not found",
            detail: what,
            statusCode: StatusCodes.Status404NotFound
        );

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(
            title: "Conflict",
            detail: detail,
            statusCode: StatusCodes.Status409Conflict
        );

    /// <summary>A 400 that says what is wrong and where: a JSON pointer into the body ("" for the body as a
    /// whole), or <c>/query/name</c>, <c>/path/name</c>, <c>/headers/name</c> for the other parts of a request.</summary>
    public static ProblemHttpResult BadRequest(string detail, string pointer) =>
        TypedResults.Problem(
            title: "Bad request",
            detail: detail,
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["pointer"] = pointer }
        );

    public static Task Write(
        HttpContext context,
        int status,
        string title,
        string detail,
        IDictionary<string, object?>? extensions = null
    )
    {
        context.Response.StatusCode = status;
        return context
            .RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(
                new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = status,
                        Title = title,
                        Detail = detail,
                        Extensions = extensions ?? new Dictionary<string, object?>(),
                    },
                }
            )
            .AsTask();
    }
}

using Microsoft.AspNetCore.Http.HttpResults;

namespace Makini.Flows.Server.Records;

/// <summary>
/// Errors of the records API as Makini answers them: problem+json with a <c>code</c> (<c>AUTHENTICATION_FAILED</c>,
/// <c>FORBIDDEN</c>, <c>NOT_FOUND</c>, <c>VALIDATION_ERROR</c>, <c>RATE_LIMIT_EXCEEDED</c>), a <c>message</c> and the
/// <c>requestId</c> (also in the <c>X-Request-Id</c> header of every answer under <c>/api/eam</c>).
/// </summary>
public static class RecordProblems
{
    public const string Prefix = "/api/eam";
    public const string RequestIdHeader = "X-Request-Id";

    public const string AuthenticationFailed = "AUTHENTICATION_FAILED";
    public const string Forbidden = "FORBIDDEN";
    public const string NotFound = "NOT_FOUND";
    public const string ValidationError = "VALIDATION_ERROR";
    public const string RateLimitExceeded = "RATE_LIMIT_EXCEEDED";
    public const string ServerError = "SERVER_ERROR";

    /// <summary>400: the parameter (query parameter or header) named, with what is wrong with it.</summary>
    public static ProblemHttpResult Invalid(
        string parameter,
        string message,
        bool header = false
    ) =>
        TypedResults.Problem(
            title: "A parameter is not valid",
            detail: message,
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?>
            {
                ["code"] = ValidationError,
                ["parameter"] = parameter,
                ["pointer"] = (header ? "/headers/" : "/query/") + parameter,
            }
        );

    public static ProblemHttpResult Missing(string message) =>
        TypedResults.Problem(
            title: "Not found",
            detail: message,
            statusCode: StatusCodes.Status404NotFound,
            extensions: new Dictionary<string, object?> { ["code"] = NotFound }
        );

    public static ProblemHttpResult NotAllowed(string message) =>
        TypedResults.Problem(
            title: "Not allowed for this key",
            detail: message,
            statusCode: StatusCodes.Status403Forbidden,
            extensions: new Dictionary<string, object?> { ["code"] = Forbidden }
        );

    public static bool IsRecordsRequest(HttpContext http) =>
        http.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Gives every problem answered under <c>/api/eam</c> (the authentication handler's 401 and 403, routing's 404,
    /// the rate limiter's 429 included) its code, message and request id.
    /// </summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        if (!IsRecordsRequest(http))
            return;
        var problem = context.ProblemDetails;
        problem.Extensions.TryAdd("code", CodeFor(problem.Status ?? http.Response.StatusCode));
        problem.Extensions["message"] = problem.Detail ?? problem.Title;
        problem.Extensions["requestId"] = http.TraceIdentifier;
        if (!http.Response.HasStarted)
            http.Response.Headers[RequestIdHeader] = http.TraceIdentifier;
    }

    private static string CodeFor(int status) =>
        status switch
        {
            StatusCodes.Status401Unauthorized => AuthenticationFailed,
            StatusCodes.Status403Forbidden => Forbidden,
            StatusCodes.Status404NotFound => NotFound,
            StatusCodes.Status429TooManyRequests => RateLimitExceeded,
            >= 400 and < 500 => ValidationError,
            _ => ServerError,
        };
}

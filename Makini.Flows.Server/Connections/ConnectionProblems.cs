using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Runtime;
using Makini.Flows.Server.Apis;
using Makini.Flows.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Makini.Flows.Server.Connections;

/// <summary>The connections API's own answers: a failed check (422), and a body that is not a JSON object.</summary>
public static class ConnectionProblems
{
    /// <summary>
    /// 422 with the source's answer translated: <c>code</c> (<c>AUTHENTICATION_FAILED</c>, <c>CONNECTION_FAILED</c>,
    /// <c>RATE_LIMIT_EXCEEDED</c>, <c>INVALID_RESPONSE</c>), <c>detail</c>, and <c>sourceStatus</c> when the source
    /// answered with an HTTP status.
    /// </summary>
    public static ProblemHttpResult CheckFailed(ConnectorException failure)
    {
        var extensions = new Dictionary<string, object?>
        {
            ["code"] = failure.CodeName,
            ["sourceStatus"] = failure.HttpStatus,
        };
        if (failure.RetryAfter is { } retryAfter)
            extensions["retryAfterSeconds"] = (int)Math.Ceiling(retryAfter.TotalSeconds);
        return TypedResults.Problem(
            title: Title(failure.Code),
            detail: failure.Message,
            statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: extensions
        );
    }

    private static string Title(ConnectorErrorCode code) =>
        code switch
        {
            ConnectorErrorCode.AuthenticationFailed => "The system refused the credentials",
            ConnectorErrorCode.ConnectionFailed => "The system could not be reached",
            ConnectorErrorCode.RateLimitExceeded => "The system is limiting requests",
            _ => "The system's answer could not be read",
        };

    /// <summary>The request's body as a JSON object, or the 400 that says why it is not one.</summary>
    public static async Task<(JsonObject? Body, ProblemHttpResult? Problem)> ReadObjectAsync(
        HttpRequest request,
        string shape,
        CancellationToken cancellationToken
    )
    {
        var (body, problem) = await JsonBody.ReadOptionalAsync(request, cancellationToken);
        if (problem is not null)
            return (null, problem);
        return body is JsonObject fields
            ? (fields, null)
            : (null, Problems.BadRequest($"send a JSON object: {shape}", ""));
    }
}

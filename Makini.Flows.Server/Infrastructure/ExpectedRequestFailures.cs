using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Diagnostics;

namespace Makini.Flows.Server.Infrastructure;

/// <summary>
/// Failures of a request that are the client's, not the server's: a body Kestrel refuses while it is read (a bad
/// chunk size is a 400, a body that stalls below the minimum data rate a 408, a chunked body over the limit a 413)
/// and a parameter minimal APIs cannot bind (<c>?limit=abc</c>, a typed body of the wrong shape) answer with their
/// own status as a problem that says where, and a client that went away is noted in one line. Neither is logged
/// as an error with a stack trace; everything else still is, by the exception handler.
/// </summary>
public sealed class ExpectedRequestFailures(ILogger<ExpectedRequestFailures> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(
        HttpContext context,
        Exception exception,
        CancellationToken cancellationToken
    )
    {
        if (exception is BadHttpRequestException bad)
        {
            logger.LogInformation(
                "Refused {Method} {Path} with {Status}: {Reason}",
                context.Request.Method,
                context.Request.Path,
                bad.StatusCode,
                bad.Message
            );
            if (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
                await Problems.Write(
                    context,
                    bad.StatusCode,
                    TitleOf(bad.StatusCode),
                    bad.Message,
                    BindingFailures.Locate(context, bad)
                );
            return true;
        }
        if (
            context.RequestAborted.IsCancellationRequested
            && exception is OperationCanceledException or ConnectionResetException or IOException
        )
        {
            logger.LogInformation(
                "The client went away during {Method} {Path}",
                context.Request.Method,
                context.Request.Path
            );
            return true;
        }
        return false;
    }

    private static string TitleOf(int status) =>
        status switch
        {
            StatusCodes.Status408RequestTimeout => "The request body arrived too slowly",
            StatusCodes.Status413PayloadTooLarge => "The request body is too large",
            StatusCodes.Status431RequestHeaderFieldsTooLarge => "The request headers are too large",
            _ => "Bad request",
        };
}

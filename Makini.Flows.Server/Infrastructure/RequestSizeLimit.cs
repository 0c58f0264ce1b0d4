namespace Makini.Flows.Server.Infrastructure;

/// <summary>
/// Refuses bodies over the configured size with a 413 problem before anything reads them. Kestrel enforces the
/// same limit while reading; this answers declared sizes at once, whatever server hosts the app.
/// </summary>
public sealed class RequestSizeLimit(RequestDelegate next, long maxBytes)
{
    public Task InvokeAsync(HttpContext context) =>
        context.Request.ContentLength > maxBytes
            ? Problems.Write(
                context,
                StatusCodes.Status413PayloadTooLarge,
                "The request body is too large",
                $"The limit is {maxBytes / (1024 * 1024)} MB."
            )
            : next(context);
}

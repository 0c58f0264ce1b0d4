namespace Makini.Flows.Server.Infrastructure;

/// <summary>
/// Tells browsers to take every answer for the content type it declares: a flow's JSON answer, which may carry
/// text its caller sent, is never sniffed and shown as HTML. Set when the answer starts, so that error pages
/// written after the response was reset carry it too.
/// </summary>
public sealed class NoSniff(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(
            static state =>
            {
                ((HttpResponse)state).Headers.XContentTypeOptions = "nosniff";
                return Task.CompletedTask;
            },
            context.Response
        );
        return next(context);
    }
}

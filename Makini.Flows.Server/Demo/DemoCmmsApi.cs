using Makini.Flows.Connectors.Demo;
using Microsoft.Extensions.Primitives;

namespace Makini.Flows.Server.Demo;

/// <summary>
/// The built-in Demo CMMS: one per server (<c>DemoCmms:Enabled</c>, default true), answered in process for
/// connections to <see cref="DemoCmms.BaseUrl"/>, and over HTTP at <c>/demo-cmms/api/v1/...</c> for people and tools
/// that want to look at it (curl, a browser). The demo has its own login, so the server's API keys play no part.
/// </summary>
public static class DemoCmmsApi
{
    public const string PathBase = "/demo-cmms";

    public static bool Enabled(IConfiguration configuration) =>
        configuration.GetValue("DemoCmms:Enabled", true);

    public static IServiceCollection AddDemoCmms(
        this IServiceCollection services,
        IConfiguration configuration
    )
    {
        if (Enabled(configuration))
            services.AddSingleton(provider => new DemoCmms(
                provider.GetRequiredService<TimeProvider>()
            ));
        return services;
    }

    /// <summary>
    /// A branch of the pipeline, placed before authentication: a demo token is not an API key, and looking it up
    /// as one would cost a database query per request.
    /// </summary>
    public static WebApplication MapDemoCmms(this WebApplication app)
    {
        if (Enabled(app.Configuration))
            app.Map(PathBase, branch => branch.Run(ForwardAsync));
        return app;
    }

    private static async Task ForwardAsync(HttpContext context)
    {
        var demo = context.RequestServices.GetRequiredService<DemoCmms>();
        var incoming = context.Request;
        using var request = new HttpRequestMessage(
            new HttpMethod(incoming.Method),
            new Uri(
                $"http://{DemoCmms.Host}{incoming.Path.ToUriComponent()}{incoming.QueryString.ToUriComponent()}"
            )
        );
        if (incoming.Headers.Authorization is { Count: > 0 } authorization)
            request.Headers.TryAddWithoutValidation("Authorization", authorization.ToString());
        if (incoming.ContentLength > 0 || incoming.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(incoming.Body);
            if (incoming.ContentType is { } contentType)
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var invoker = new HttpMessageInvoker(demo.Handler, disposeHandler: false);
        using var response = await invoker.SendAsync(request, context.RequestAborted);

        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                context.Response.Headers[name] = new StringValues(values.ToArray());
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}

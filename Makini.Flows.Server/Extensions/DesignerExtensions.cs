namespace Makini.Flows.Server.Extensions;

/// <summary>
/// Serves the web designer (built from Makini.Flows.Designer into wwwroot) at <c>/</c>, with a fallback to
/// its index.html for client routes; <c>/api</c>, <c>/hooks</c> and <c>/health</c> are never answered with it.
/// </summary>
public static class DesignerExtensions
{
    private const string ClientRoutes = "{*path:nonfile:regex(^(?!(api|hooks|health)(/|$)).*$)}";

    public static WebApplicationBuilder AddDesigner(this WebApplicationBuilder builder)
    {
        // Finds wwwroot through the static web assets manifest too when run from the build output.
        builder.WebHost.UseStaticWebAssets();
        return builder;
    }

    public static WebApplication UseDesignerFiles(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        return app;
    }

    public static WebApplication MapDesignerFallback(this WebApplication app)
    {
        app.MapFallbackToFile(ClientRoutes, "index.html").AllowAnonymous();
        return app;
    }
}

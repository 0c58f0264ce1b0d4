namespace Makini.Flows.Server.Startup;

/// <summary>
/// Where the server listens when nobody says: <c>http://localhost:5080</c>. Any address given the usual ways wins:
/// <c>ASPNETCORE_URLS</c>, <c>--urls</c>, <c>Urls</c> in configuration, or Kestrel endpoints.
/// </summary>
public static class DefaultAddress
{
    public const string Url = "http://localhost:5080";

    public static void Apply(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (
            string.IsNullOrWhiteSpace(configuration["urls"])
            && string.IsNullOrWhiteSpace(configuration["http_ports"])
            && string.IsNullOrWhiteSpace(configuration["https_ports"])
            && !configuration.GetSection("Kestrel:Endpoints").GetChildren().Any()
        )
            builder.WebHost.UseUrls(Url);
    }
}

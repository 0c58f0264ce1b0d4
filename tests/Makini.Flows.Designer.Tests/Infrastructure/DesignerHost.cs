using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Makini.Flows.Designer.Tests.Infrastructure;

/// <summary>The real server on a loopback port (Kestrel, fresh SQLite file), serving the built designer.</summary>
public sealed class DesignerHost : WebApplicationFactory<Program>
{
    public const string AdminKey = "mk_designerTestKey0123456789abcdefghij";

    private readonly string _dataFolder = Path.Combine(
        Path.GetTempPath(),
        $"makini-designer-{Guid.NewGuid():N}"
    );

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:DataFolder", _dataFolder);
        builder.UseSetting("MAKINI_ADMIN_KEY", AdminKey);
        builder.UseSetting("Samples:Folder", Path.Combine(_dataFolder, "no-samples"));
        // Webhook receivers the tests start listen on loopback, which outbound calls may not reach otherwise.
        builder.UseSetting("Outbound:AllowedRanges:0", "127.0.0.1/32");
    }

    /// <summary>Starts Kestrel on 127.0.0.1 with a free port and returns its base address.</summary>
    public Uri Start()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services
            .GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        return new Uri(address.TrimEnd('/') + "/");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open: the temp folder is cleaned up later
        }
    }
}

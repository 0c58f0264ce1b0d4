using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Demo;
using Makini.Flows.Server.Connections;
using Makini.Flows.Server.Connectors;
using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Startup;

/// <summary>
/// On a fresh install (the start that imports the samples), connects the built-in Demo CMMS with its sample
/// account, so the unified API has data at once. Setting <c>DemoCmms:ConnectAtFirstStart=false</c> leaves it out;
/// a demo connection deleted later is not created again.
/// </summary>
public static class DemoConnection
{
    public const string Name = "Demo plant (Riverbend Foods)";

    /// <summary>A fixed id, so the samples can name it (the scheduled sync sample does).</summary>
    public const string Id = "con_demo";

    public static async Task ConnectAsync(
        IServiceProvider services,
        IConfiguration configuration,
        ILogger logger
    )
    {
        if (
            !configuration.GetValue("DemoCmms:ConnectAtFirstStart", true)
            || services.GetService<DemoCmms>() is null
            || services.GetRequiredService<InstalledConnectors>().Find("demo-cmms")
                is not { } connector
        )
            return;
        var db = services.GetRequiredService<FlowsDbContext>();
        if (await db.Connections.AnyAsync())
            return;
        var (connection, failure) = await services
            .GetRequiredService<ConnectionCreator>()
            .CreateAsync(
                connector,
                Name,
                new Dictionary<string, string>
                {
                    ["instanceUrl"] = DemoCmms.BaseUrl,
                    ["username"] = DemoCredentials.Username,
                    ["password"] = DemoCredentials.Password,
                },
                new JsonObject { ["sample"] = "true" },
                CancellationToken.None,
                Id
            );
        if (failure is not null)
            logger.LogWarning("The Demo CMMS could not be connected: {Error}", failure.Message);
        else
            logger.LogInformation(
                "Connected the Demo CMMS as {ConnectionId} ({Name}); its first sync starts now",
                connection!.Id,
                Name
            );
    }
}

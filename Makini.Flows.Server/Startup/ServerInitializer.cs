using Makini.Flows.Engine.Runtime;
using Makini.Flows.Server.Apis;
using Makini.Flows.Server.Auth;
using Makini.Flows.Server.Flows;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Makini.Flows.Server.Secrets;
using Makini.Flows.Server.Webhooks;
using Medallion.Threading.Postgres;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Startup;

/// <summary>
/// Before the server takes requests: applies migrations, makes sure an admin key exists (preset through
/// <c>MAKINI_ADMIN_KEY</c>, or created and printed once), on first start imports and publishes the samples, and
/// queues running runs that nothing executes (<see cref="OrphanedRuns"/>).
/// </summary>
public static class ServerInitializer
{
    /// <summary>A preset admin key shorter than this is refused: it could be guessed, and would be stored whole as its prefix.</summary>
    public const int MinPresetKeyLength = 32;

    public static async Task InitializeAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<FlowsDbContext>();
        var logger = services
            .GetRequiredService<ILoggerFactory>()
            .CreateLogger("Makini.Flows.Server");
        // Nodes starting together against one PostgreSQL take turns: migrations, the first admin key and the
        // samples are each done once.
        await using var turn = db.Database.IsNpgsql()
            ? await new PostgresDistributedLock(
                new PostgresAdvisoryLockKey("makini-initialize", allowHashing: true),
                db.Database.GetConnectionString()!
            ).AcquireAsync()
            : null;
        await db.Database.MigrateAsync();
        WarnIfKeysAreBare(app, services.GetRequiredService<Secrets.KeyRing>(), logger);
        await services
            .GetRequiredService<SecretProtector>()
            .EnsureReadableAsync(db, CancellationToken.None);
        await EnsureAdminKeyAsync(
            app,
            db,
            services.GetRequiredService<ApiKeyStore>(),
            app.Configuration,
            logger
        );
        if (await ImportSamplesAsync(db, services, app.Configuration, logger))
            await DemoConnection.ConnectAsync(services, app.Configuration, logger);
        var orphans = await OrphanedRuns.QueueAsync(
            db,
            services.GetRequiredService<WorkQueue>(),
            CancellationToken.None
        );
        if (orphans > 0)
            logger.LogWarning("Queued {Count} running run(s) that nothing was executing", orphans);
    }

    private static void WarnIfKeysAreBare(WebApplication app, Secrets.KeyRing ring, ILogger logger)
    {
        if (ring.Protected || !app.Environment.IsProduction())
            return;
        logger.LogWarning(
            "The Data Protection key ring in {Where} is not encrypted at rest: a copy of it decrypts every connection's credentials and every webhook signing secret. Set {Setting} (a PKCS#12 certificate kept apart from the data, with {Password}) to protect it.",
            ring.Description,
            Secrets.KeyRingProtection.CertificateSetting,
            Secrets.KeyRingProtection.PasswordSetting
        );
    }

    private static async Task EnsureAdminKeyAsync(
        WebApplication app,
        FlowsDbContext db,
        ApiKeyStore store,
        IConfiguration configuration,
        ILogger logger
    )
    {
        var preset = configuration["MAKINI_ADMIN_KEY"];
        if (!string.IsNullOrWhiteSpace(preset))
        {
            if (preset.Trim().Length < MinPresetKeyLength)
                throw new InvalidOperationException(
                    $"MAKINI_ADMIN_KEY is {preset.Trim().Length} characters long: an admin key must be at least {MinPresetKeyLength} characters (for example mk_ followed by 40 random letters and digits), or leave it unset and the server creates one and prints it once."
                );
            if (!await db.ApiKeys.AnyAsync(k => k.Hash == ApiKeys.Hash(preset)))
                await store.CreateAsync(
                    "preset admin",
                    Roles.Admin,
                    preset,
                    CancellationToken.None
                );
            return;
        }
        if (await db.ApiKeys.AnyAsync())
            return;
        var (_, key) = await store.CreateAsync(
            "first admin",
            Roles.Admin,
            null,
            CancellationToken.None
        );
        // Printed once the server listens, so the sign-in link names the address it really has.
        app.Lifetime.ApplicationStarted.Register(() => PrintFirstKey(app, configuration, key));
        logger.LogInformation("Created the first admin API key ({Prefix}...)", ApiKeys.Prefix(key));
    }

    private static void PrintFirstKey(WebApplication app, IConfiguration configuration, string key)
    {
        var listening = app
            .Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()
            ?.Addresses.FirstOrDefault();
        var url = (listening ?? configuration["Urls"]?.Split(';')[0] ?? DefaultAddress.Url)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal)
            .TrimEnd('/');
        // Printed, not logged: it is shown once and should not end up in log storage. The key travels in the
        // link's fragment, which browsers never send to the server.
        Console.WriteLine(
            $"""

            ==========================================================================
             Makini Flows: your admin API key (shown once, keep it safe):
               {key}
             Designer (signs you in): {url}/#key={key}
             API docs: {url}/api/docs   (send it as 'Authorization: Bearer <key>')
            ==========================================================================

            """
        );
    }

    /// <summary>Imports and publishes the samples on a fresh install; true when it did.</summary>
    private static async Task<bool> ImportSamplesAsync(
        FlowsDbContext db,
        IServiceProvider services,
        IConfiguration configuration,
        ILogger logger
    )
    {
        if (await db.Flows.AnyAsync())
            return false;
        var folder = configuration["Samples:Folder"] ?? FindSamplesFolder();
        if (folder is null || !Directory.Exists(folder))
            return false;
        var engine = services.GetRequiredService<FlowEngine>();
        var publisher = services.GetRequiredService<FlowPublisher>();
        var time = services.GetRequiredService<TimeProvider>();
        foreach (
            var file in Directory
                .EnumerateFiles(folder, "*.flow.json")
                .Order(StringComparer.Ordinal)
        )
        {
            var (flow, _) = FlowDocuments.Validate(await File.ReadAllTextAsync(file), engine, "");
            if (flow is null)
            {
                logger.LogWarning("Sample {File} is not valid and was not imported", file);
                continue;
            }
            var record = FlowDocuments.NewRecord(flow, time);
            db.Flows.Add(record);
            await db.SaveChangesAsync();
            await publisher.PublishAsync(record, flow, CancellationToken.None);
        }
        logger.LogInformation("Imported and published the sample flows from {Folder}", folder);
        return true;
    }

    private static string? FindSamplesFolder()
    {
        for (
            var directory = new DirectoryInfo(Directory.GetCurrentDirectory());
            directory is not null;
            directory = directory.Parent
        )
        {
            var candidate = Path.Combine(directory.FullName, "flows-samples");
            if (Directory.Exists(candidate))
                return candidate;
        }
        return null;
    }
}

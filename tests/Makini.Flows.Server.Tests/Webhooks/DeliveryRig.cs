using System.Text.Json.Nodes;
using Makini.Flows.Activities.Webhooks;
using Makini.Flows.Server.Extensions;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Makini.Flows.Server.Secrets;
using Makini.Flows.Server.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Makini.Flows.Server.Tests.Webhooks;

/// <summary>
/// The webhook services as the server wires them, on a fresh SQLite file and a fake clock, with the queue
/// worked by hand: <see cref="RunDueAsync"/> claims what is due at the fake time (with the real claiming code)
/// and runs the delivery handler, so a retry schedule of hours is tested in milliseconds. The delivery worker is
/// there too, not started: a test may start it.
/// </summary>
public sealed class DeliveryRig : IAsyncDisposable
{
    public const string Node = "test-node";
    private readonly string _folder;

    private DeliveryRig(ServiceProvider services, FakeTimeProvider time, string folder)
    {
        Services = services;
        Time = time;
        _folder = folder;
    }

    public ServiceProvider Services { get; }
    public FakeTimeProvider Time { get; }

    public static async Task<DeliveryRig> CreateAsync(
        Dictionary<string, string?>? settings = null,
        IInterceptor? interceptor = null
    )
    {
        var folder = Path.Combine(Path.GetTempPath(), $"makini-rig-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(
                new Dictionary<string, string?>
                {
                    ["Outbound:AllowedRanges:0"] = "127.0.0.1/32",
                    ["DataProtection:KeysFolder"] = Path.Combine(folder, "keys"),
                }
            )
            .AddInMemoryCollection(settings ?? [])
            .Build();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<TimeProvider>(time);
        services.AddDbContext<SqliteFlowsDbContext>(options =>
        {
            options.UseSqlite($"Data Source={Path.Combine(folder, "makini.db")}");
            if (interceptor is not null)
                options.AddInterceptors(interceptor);
        });
        services.AddScoped<FlowsDbContext>(p => p.GetRequiredService<SqliteFlowsDbContext>());
        services.AddMakiniOutbound(configuration, isDevelopment: false);
        services.Configure<QueueOptions>(_ => { });
        services.AddSingleton<WorkQueue>();
        services.AddSingleton<WorkOutcomes>();
        services.AddMakiniSecrets(
            configuration,
            new DatabaseOptions { DataFolder = folder },
            onPostgres: false
        );
        services.AddMakiniWebhooks(configuration);
        var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        await scope
            .ServiceProvider.GetRequiredService<FlowsDbContext>()
            .Database.MigrateAsync(TestContext.Current.CancellationToken);
        return new DeliveryRig(provider, time, folder);
    }

    /// <summary>An enabled endpoint; returns its id and its secret.</summary>
    public async Task<(string Id, string Secret)> AddEndpointAsync(
        string url,
        string eventTypes = "sync.failed",
        string? headersJson = null
    )
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        var secret = Makini.Flows.Activities.Webhooks.StandardWebhooks.NewSecret();
        var now = Time.GetUtcNow().UtcDateTime;
        var endpoint = new WebhookEndpointRecord
        {
            Id = "wh_" + Guid.NewGuid().ToString("N")[..24],
            Url = url,
            EventTypes = eventTypes,
            HeadersJson = headersJson,
            Enabled = true,
            ProtectedSecret = Services.GetRequiredService<SecretProtector>().Protect(secret),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return (endpoint.Id, secret);
    }

    public async Task<int> PublishAsync(string type = "sync.failed", string? connectionId = null)
    {
        await using var scope = Services.CreateAsyncScope();
        return await Services
            .GetRequiredService<IWebhookDispatcher>()
            .QueueDeliveriesAsync(
                scope.ServiceProvider.GetRequiredService<FlowsDbContext>(),
                type,
                connectionId,
                new JsonObject { ["error"] = "page 3 answered 500" },
                Time.GetUtcNow(),
                TestContext.Current.CancellationToken
            );
    }

    /// <summary>
    /// Claims every delivery attempt due now and delivers them as the delivery worker does, without its limits:
    /// prepares the batch, sends every attempt at once and records each as soon as it has ended. An attempt whose
    /// recording "crashes" (<see cref="SimulatedCrashException"/>) stays leased, as when its node dies: it comes back
    /// once its lease (30 s) has run out. Returns how many items were claimed.
    /// </summary>
    public async Task<int> RunDueAsync(int batchSize = 100)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        await WorkClaims.RequeueExpiredAsync(
            db,
            Time.GetUtcNow().UtcDateTime,
            TestContext.Current.CancellationToken
        );
        var claimed = await WorkClaims.ClaimAsync(
            db,
            Node,
            batchSize,
            Time.GetUtcNow().UtcDateTime,
            TimeSpan.FromSeconds(30),
            [WorkKinds.Webhook],
            TestContext.Current.CancellationToken
        );
        if (claimed.Count == 0)
            return 0;
        var handler = Services.GetRequiredService<WebhookDeliveryHandler>();
        var attempts = await handler.PrepareAsync(
            claimed,
            Node,
            TestContext.Current.CancellationToken
        );
        await Task.WhenAll(
            attempts.Select(async attempt =>
            {
                var sent = await handler.SendAsync(attempt, TestContext.Current.CancellationToken);
                try
                {
                    await handler.RecordAsync([sent], Node);
                }
                catch (SimulatedCrashException) { }
            })
        );
        return claimed.Count;
    }

    public async Task<T> QueryAsync<T>(Func<FlowsDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<FlowsDbContext>());
    }

    public Task<WebhookDeliveryRecord> SingleDeliveryAsync() =>
        QueryAsync(db => db.WebhookDeliveries.AsNoTracking().SingleAsync());

    public Task<List<WebhookAttemptRecord>> AttemptsAsync(string deliveryId) =>
        QueryAsync(db =>
            db.WebhookAttempts.AsNoTracking()
                .Where(a => a.DeliveryId == deliveryId)
                .OrderBy(a => a.Number)
                .ToListAsync()
        );

    public Task<WebhookEndpointRecord> EndpointAsync(string id) =>
        QueryAsync(db => db.WebhookEndpoints.AsNoTracking().SingleAsync(e => e.Id == id));

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException) { }
    }
}

/// <summary>Stands for a node dying at that point.</summary>
public sealed class SimulatedCrashException() : Exception("simulated crash");

/// <summary>Makes the first save that records a webhook attempt fail: the node "dies" after sending.</summary>
public sealed class CrashBeforeRecordingOnce : SaveChangesInterceptor
{
    private int _crashes;

    public int Crashes => _crashes;

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData,
        InterceptionResult<int> result,
        CancellationToken cancellationToken = default
    )
    {
        if (
            eventData.Context!.ChangeTracker.Entries<WebhookAttemptRecord>().Any()
            && Interlocked.CompareExchange(ref _crashes, 1, 0) == 0
        )
            throw new SimulatedCrashException();
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }
}

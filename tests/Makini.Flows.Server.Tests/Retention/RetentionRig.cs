using System.Text.Json.Nodes;
using Makini.Flows.Server.Bus;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Makini.Flows.Server.Tests.Retention;

/// <summary>
/// The queue and event sweeps as the server registers them, on a fresh database and a fake clock, with no
/// worker running: items and events keep the status a test gives them until it sweeps.
/// </summary>
public sealed class RetentionRig : IAsyncDisposable
{
    private RetentionRig(ServiceProvider services, FakeTimeProvider time)
    {
        Services = services;
        Time = time;
    }

    public ServiceProvider Services { get; }
    public FakeTimeProvider Time { get; }

    public static async Task<RetentionRig> CreateAsync(string provider, string connectionString)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(time);
        if (provider == "Postgres")
        {
            services.AddDbContext<PostgresFlowsDbContext>(o => o.UseNpgsql(connectionString));
            services.AddScoped<FlowsDbContext>(p => p.GetRequiredService<PostgresFlowsDbContext>());
        }
        else
        {
            services.AddDbContext<SqliteFlowsDbContext>(o => o.UseSqlite(connectionString));
            services.AddScoped<FlowsDbContext>(p => p.GetRequiredService<SqliteFlowsDbContext>());
        }
        services.Configure<QueueOptions>(_ => { });
        services.Configure<EventOptions>(_ => { });
        services.AddSingleton<WorkQueue>();
        services.AddSingleton<EventBus>();
        services.AddPeriodicSweep<QueueRetention>();
        services.AddPeriodicSweep<EventRetention>();
        var rig = new RetentionRig(services.BuildServiceProvider(), time);
        await rig.WithDbAsync(db => db.Database.MigrateAsync(Ct));
        return rig;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public Task<int> SweepAsync<TSweep>()
        where TSweep : PeriodicSweep => Services.GetRequiredService<TSweep>().SweepAsync(Ct);

    /// <summary>A queue item put in <paramref name="status"/> now (on the fake clock); returns its id.</summary>
    public Task<long> AddItemAsync(string status) =>
        WithDbAsync(async db =>
        {
            var item = Services
                .GetRequiredService<WorkQueue>()
                .Enqueue(db, WorkKinds.Run, Guid.NewGuid().ToString("N"));
            item.Status = status;
            await db.SaveChangesAsync(Ct);
            return item.Id;
        });

    /// <summary>
    /// An event published now through the bus, its dispatch item then put in <paramref name="dispatch"/>, or
    /// deleted when null (a done item already swept); returns the event's id.
    /// </summary>
    public Task<string> PublishAsync(string? dispatch) =>
        WithDbAsync(async db =>
        {
            var record = Services
                .GetRequiredService<EventBus>()
                .Add(db, "sync.failed", "conn-1", new JsonObject());
            await db.SaveChangesAsync(Ct);
            var item = db.WorkItems.Where(w => w.Payload == record.Id);
            if (dispatch is null)
                await item.ExecuteDeleteAsync(Ct);
            else
                await item.ExecuteUpdateAsync(set => set.SetProperty(w => w.Status, dispatch), Ct);
            return record.Id;
        });

    public Task<List<long>> ItemIdsAsync() =>
        WithDbAsync(db => db.WorkItems.Select(w => w.Id).OrderBy(id => id).ToListAsync(Ct));

    public Task<List<string>> EventIdsAsync() =>
        WithDbAsync(db => db.Events.Select(e => e.Id).ToListAsync(Ct));

    private async Task<T> WithDbAsync<T>(Func<FlowsDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<FlowsDbContext>());
    }

    private Task WithDbAsync(Func<FlowsDbContext, Task> work) =>
        WithDbAsync(async db =>
        {
            await work(db);
            return true;
        });

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}

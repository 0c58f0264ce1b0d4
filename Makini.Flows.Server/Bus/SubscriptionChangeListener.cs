using Makini.Flows.Server.Hooks;
using Npgsql;

namespace Makini.Flows.Server.Bus;

/// <summary>
/// PostgreSQL only: on a connection of its own, listens for <c>NOTIFY makini_subscriptions</c>, which the database
/// sends in the transaction of every change to what listens for events (a trigger on <c>webhook_endpoints</c>: added,
/// deleted, enabled, disabled, other event types; on <c>flows</c>: published, unpublished, deleted; migration
/// <c>SubscriptionNotifications</c>). Each notification drops this node's <see cref="EventSubscriptions"/> snapshot
/// (and, for flows, its <see cref="HookRoutes"/>), so a change made on any node counts on this one as soon as it is
/// committed. It tells <see cref="EventSubscriptions"/> when it starts and stops listening; while it does not
/// (starting, connection lost, reconnecting every few seconds), questions are answered from the database. A query
/// every <see cref="Heartbeat"/> of silence finds a connection that broke without a word.
/// </summary>
public sealed class SubscriptionChangeListener(
    string connectionString,
    EventSubscriptions subscriptions,
    HookRoutes routes,
    ILogger<SubscriptionChangeListener> logger
) : BackgroundService
{
    public const string Channel = "makini_subscriptions";
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    private long _notifications;

    /// <summary>Notifications received so far.</summary>
    public long Notifications => Interlocked.Read(ref _notifications);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(() => failures = 0, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                subscriptions.NotListening();
                if (failures++ == 0)
                    logger.LogWarning(
                        exception,
                        "Listening for changes to event subscriptions failed; until it listens again, whether anyone listens for an event is read from the database each time"
                    );
                try
                {
                    await Task.Delay(Pause * Math.Min(failures, 5), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        subscriptions.NotListening();
    }

    private async Task ListenAsync(Action listening, CancellationToken stoppingToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        connection.Notification += (_, notification) => Changed(notification.Payload);
        await connection.OpenAsync(stoppingToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
            await listen.ExecuteNonQueryAsync(stoppingToken);
        subscriptions.Listening();
        routes.Invalidate();
        listening();
        logger.LogDebug("Listening for changes to event subscriptions");
        while (true)
            if (!await connection.WaitAsync(Heartbeat, stoppingToken))
            {
                await using var ping = new NpgsqlCommand("SELECT 1", connection)
                {
                    CommandTimeout = (int)Heartbeat.TotalSeconds,
                };
                await ping.ExecuteScalarAsync(stoppingToken);
            }
    }

    private void Changed(string table)
    {
        Interlocked.Increment(ref _notifications);
        subscriptions.Invalidate();
        if (table == "flows")
            routes.Invalidate();
    }
}

using Makini.Flows.Server.Connections;
using Makini.Flows.Server.Queue;
using Makini.Flows.Server.Records;
using Makini.Flows.Server.Webhooks;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Infrastructure;

/// <summary>
/// The server's database. Abstract so that each provider (SQLite, PostgreSQL) has its own subclass and its
/// own migrations set; the model is the same.
/// </summary>
public abstract class FlowsDbContext(DbContextOptions options)
    : DbContext(options),
        IDataProtectionKeyContext
{
    public DbSet<FlowRecord> Flows => Set<FlowRecord>();
    public DbSet<FlowVersionRecord> FlowVersions => Set<FlowVersionRecord>();
    public DbSet<RunRecord> Runs => Set<RunRecord>();
    public DbSet<ApiKeyRecord> ApiKeys => Set<ApiKeyRecord>();
    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();
    public DbSet<WorkItemRecord> WorkItems => Set<WorkItemRecord>();
    public DbSet<EventRecord> Events => Set<EventRecord>();
    public DbSet<WebhookEndpointRecord> WebhookEndpoints => Set<WebhookEndpointRecord>();
    public DbSet<Sync.ConnectionSyncRecord> ConnectionSyncs => Set<Sync.ConnectionSyncRecord>();
    public DbSet<Sync.SyncRunRecord> SyncRuns => Set<Sync.SyncRunRecord>();
    public DbSet<WebhookDeliveryRecord> WebhookDeliveries => Set<WebhookDeliveryRecord>();
    public DbSet<WebhookAttemptRecord> WebhookAttempts => Set<WebhookAttemptRecord>();
    public DbSet<ConnectionRecord> Connections => Set<ConnectionRecord>();
    public DbSet<ConnectionStatusChangeRecord> ConnectionStatusChanges =>
        Set<ConnectionStatusChangeRecord>();
    public DbSet<ConnectionTokenRecord> ConnectionTokens => Set<ConnectionTokenRecord>();
    public DbSet<StoredRecord> Records => Set<StoredRecord>();
    public DbSet<RecordCount> RecordCounts => Set<RecordCount>();
    public DbSet<Mappings.MappingVersionRecord> MappingVersions =>
        Set<Mappings.MappingVersionRecord>();

    /// <summary>The Data Protection key ring, when it is kept in the database (PostgreSQL, several nodes).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    // Times are stored as UTC; SQLite hands them back without a kind, so say it on the way out.
    protected override void ConfigureConventions(ModelConfigurationBuilder configuration) =>
        configuration.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<FlowRecord>(flow =>
        {
            flow.ToTable("flows");
            flow.HasKey(f => f.Id);
            flow.Property(f => f.Id).HasMaxLength(64);
            flow.Property(f => f.Name).HasMaxLength(200);
        });
        model.Entity<FlowVersionRecord>(version =>
        {
            version.ToTable("flow_versions");
            version.HasKey(v => new { v.FlowId, v.Version });
            version.Property(v => v.FlowId).HasMaxLength(64);
            version.Property(v => v.Hash).HasMaxLength(64);
        });
        model.Entity<RunRecord>(run =>
        {
            run.ToTable("runs");
            run.HasKey(r => r.Id);
            run.Property(r => r.Id).HasMaxLength(32);
            run.Property(r => r.FlowId).HasMaxLength(64);
            run.Property(r => r.Status).HasMaxLength(16);
            run.HasIndex(r => new { r.FlowId, r.CreatedAt });
            run.HasIndex(r => new { r.Status, r.CreatedAt });
            run.Property(r => r.Trigger).HasMaxLength(200);
            run.HasIndex(r => r.Trigger);
        });
        model.Entity<IdempotencyRecord>(key =>
        {
            key.ToTable("idempotency_keys");
            key.HasKey(k => k.Key);
            key.Property(k => k.Key).HasMaxLength(400);
            key.Property(k => k.RunId).HasMaxLength(32);
        });
        model.Entity<WorkItemRecord>(item =>
        {
            item.ToTable("work_items");
            item.HasKey(w => w.Id);
            item.Property(w => w.Kind).HasMaxLength(32);
            item.Property(w => w.DedupKey).HasMaxLength(400);
            item.Property(w => w.Status).HasMaxLength(16);
            item.Property(w => w.LeasedBy).HasMaxLength(128);
            item.HasIndex(w => w.DedupKey).IsUnique();
            item.HasIndex(w => new
            {
                w.Status,
                w.Kind,
                w.AvailableAt,
            });
        });
        model.Entity<EventRecord>(evt =>
        {
            evt.ToTable("events");
            evt.HasKey(e => e.Id);
            evt.Property(e => e.Id).HasMaxLength(32);
            evt.Property(e => e.Type).HasMaxLength(64);
            evt.Property(e => e.ConnectionId).HasMaxLength(64);
            evt.HasIndex(e => new { e.Type, e.CreatedAt });
        });
        model.Entity<ApiKeyRecord>(key =>
        {
            key.ToTable("api_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).HasMaxLength(32);
            key.Property(k => k.Hash).HasMaxLength(64);
            key.HasIndex(k => k.Hash).IsUnique();
        });
        model.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        WebhookModel.Configure(model);
        ConnectionModel.Configure(model);
        Sync.SyncModel.Configure(model);
        RecordModel.Configure(model, onPostgres: this is PostgresFlowsDbContext);
        Mappings.MappingModel.Configure(model);
    }
}

public sealed class SqliteFlowsDbContext(DbContextOptions<SqliteFlowsDbContext> options)
    : FlowsDbContext(options);

public sealed class PostgresFlowsDbContext(DbContextOptions<PostgresFlowsDbContext> options)
    : FlowsDbContext(options);

internal sealed class UtcDateTimeConverter()
    : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
        value => value.ToUniversalTime(),
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc)
    );

using Makini.Flows.Server.Connections;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Records;

/// <summary>
/// The <c>records</c> table. The API's indexes hold live records only (<c>deleted_at IS NULL</c>), and end with
/// <c>id</c> so that a sort on them needs no extra sort step; on PostgreSQL a GIN index on the unified data serves
/// equality filters on any field. <c>record_counts</c> keeps the live records per status, for totals. Why these:
/// docs/sync.md.
/// </summary>
public static class RecordModel
{
    public const string Table = "records";
    public const string CountsTable = "record_counts";
    private const string Live = "deleted_at IS NULL";

    public static void Configure(ModelBuilder model, bool onPostgres)
    {
        model.Entity<StoredRecord>(record =>
        {
            record.ToTable(Table);
            record.HasKey(r => r.Id);
            record.Property(r => r.Id).HasColumnName("id");
            record.Property(r => r.ConnectionId).HasColumnName("connection_id").HasMaxLength(32);
            record.Property(r => r.Entity).HasColumnName("entity").HasMaxLength(32);
            record.Property(r => r.SourceKey).HasColumnName("source_key");
            record.Property(r => r.Key).HasColumnName("key");
            record
                .Property(r => r.Data)
                .HasColumnName("data")
                .HasColumnType(onPostgres ? "jsonb" : "TEXT");
            record
                .Property(r => r.Raw)
                .HasColumnName("raw")
                .HasColumnType(onPostgres ? "jsonb" : "TEXT");
            record.Property(r => r.Hash).HasColumnName("hash").HasMaxLength(64);
            record.Property(r => r.UpdatedAt).HasColumnName("updated_at");
            record.Property(r => r.StatusKey).HasColumnName("status_key");
            record.Property(r => r.FirstSeen).HasColumnName("first_seen");
            record.Property(r => r.LastSeen).HasColumnName("last_seen");
            record.Property(r => r.DeletedAt).HasColumnName("deleted_at");

            record
                .HasOne<ConnectionRecord>()
                .WithMany()
                .HasForeignKey(r => r.ConnectionId)
                .OnDelete(DeleteBehavior.Cascade);
            record
                .HasIndex(r => new
                {
                    r.ConnectionId,
                    r.Entity,
                    r.SourceKey,
                })
                .IsUnique()
                .HasDatabaseName("ux_records_source_key");
            record
                .HasIndex(r => new
                {
                    r.ConnectionId,
                    r.Entity,
                    r.Key,
                })
                .HasFilter(Live)
                .HasDatabaseName("ix_records_key");
            record
                .HasIndex(r => new
                {
                    r.ConnectionId,
                    r.Entity,
                    r.UpdatedAt,
                    r.Id,
                })
                .HasFilter(Live)
                .HasDatabaseName("ix_records_updated_at");
            record
                .HasIndex(r => new
                {
                    r.ConnectionId,
                    r.Entity,
                    r.StatusKey,
                    r.UpdatedAt,
                    r.Id,
                })
                .HasFilter(Live)
                .HasDatabaseName("ix_records_status_key");
            if (onPostgres)
                record
                    .HasIndex(r => r.Data)
                    .HasMethod("gin")
                    .HasOperators("jsonb_path_ops")
                    .HasFilter(Live)
                    .HasDatabaseName("ix_records_data");
        });
        model.Entity<RecordCount>(count =>
        {
            count.ToTable(CountsTable);
            count.HasKey(c => new
            {
                c.ConnectionId,
                c.Entity,
                c.HasStatus,
                c.StatusKey,
            });
            count.Property(c => c.ConnectionId).HasColumnName("connection_id").HasMaxLength(32);
            count.Property(c => c.Entity).HasColumnName("entity").HasMaxLength(32);
            count.Property(c => c.HasStatus).HasColumnName("has_status");
            count.Property(c => c.StatusKey).HasColumnName("status_key");
            count.Property(c => c.Live).HasColumnName("live");
            count
                .HasOne<ConnectionRecord>()
                .WithMany()
                .HasForeignKey(c => c.ConnectionId)
                .OnDelete(DeleteBehavior.Cascade);
        });
    }
}

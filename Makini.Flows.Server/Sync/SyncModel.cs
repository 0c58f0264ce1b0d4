using Makini.Flows.Server.Connections;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Sync;

/// <summary>Tables of syncs: each connection's sync state and checkpoint, and the history of its syncs.</summary>
public static class SyncModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<ConnectionSyncRecord>(sync =>
        {
            sync.ToTable("connection_syncs");
            sync.HasKey(s => s.ConnectionId);
            sync.Property(s => s.ConnectionId).HasMaxLength(32);
            sync.Property(s => s.State).HasMaxLength(16);
            sync.Property(s => s.LastErrorCode).HasMaxLength(32);
            sync.Property(s => s.LastError).HasMaxLength(2000);
            sync.Property(s => s.LastErrorEntity).HasMaxLength(64);
            sync.Property(s => s.CurrentSyncId).HasMaxLength(32);
            sync.HasOne<ConnectionRecord>()
                .WithOne()
                .HasForeignKey<ConnectionSyncRecord>(s => s.ConnectionId)
                .OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<SyncRunRecord>(run =>
        {
            run.ToTable("sync_runs");
            run.HasKey(r => r.Id);
            run.Property(r => r.Id).HasMaxLength(32);
            run.Property(r => r.ConnectionId).HasMaxLength(32);
            run.Property(r => r.Mode).HasMaxLength(16);
            run.Property(r => r.Trigger).HasMaxLength(16);
            run.Property(r => r.Status).HasMaxLength(16);
            run.Property(r => r.ErrorCode).HasMaxLength(32);
            run.Property(r => r.Error).HasMaxLength(2000);
            run.Property(r => r.ErrorEntity).HasMaxLength(64);
            run.HasOne<ConnectionRecord>()
                .WithMany()
                .HasForeignKey(r => r.ConnectionId)
                .OnDelete(DeleteBehavior.Cascade);
            run.HasIndex(r => new { r.ConnectionId, r.StartedAt });
        });
    }
}

using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Connections;

/// <summary>Tables of connections: the connections, their status history and their tokens.</summary>
public static class ConnectionModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<ConnectionRecord>(connection =>
        {
            connection.ToTable("connections");
            connection.HasKey(c => c.Id);
            connection.Property(c => c.Id).HasMaxLength(32);
            connection.Property(c => c.Name).HasMaxLength(200);
            connection.Property(c => c.ConnectorId).HasMaxLength(64);
            connection.Property(c => c.Status).HasMaxLength(16);
            connection.Property(c => c.StatusReason).HasMaxLength(2000);
            // The list's orders and filters: newest first, by name, by status, by connector.
            connection.HasIndex(c => c.CreatedAt);
            connection.HasIndex(c => c.Name);
            connection.HasIndex(c => new { c.Status, c.CreatedAt });
            connection.HasIndex(c => new { c.ConnectorId, c.CreatedAt });
        });
        model.Entity<ConnectionStatusChangeRecord>(change =>
        {
            change.ToTable("connection_status_changes");
            change.HasKey(h => h.Id);
            change.Property(h => h.ConnectionId).HasMaxLength(32);
            change.Property(h => h.From).HasMaxLength(16);
            change.Property(h => h.To).HasMaxLength(16);
            change.Property(h => h.Reason).HasMaxLength(2000);
            change
                .HasOne<ConnectionRecord>()
                .WithMany()
                .HasForeignKey(h => h.ConnectionId)
                .OnDelete(DeleteBehavior.Cascade);
            change.HasIndex(h => new { h.ConnectionId, h.Id });
        });
        model.Entity<ConnectionTokenRecord>(token =>
        {
            token.ToTable("connection_tokens");
            token.HasKey(t => t.Id);
            token.Property(t => t.Id).HasMaxLength(32);
            token.Property(t => t.ConnectionId).HasMaxLength(32);
            token.Property(t => t.Name).HasMaxLength(200);
            token.Property(t => t.Prefix).HasMaxLength(16);
            token.Property(t => t.Hash).HasMaxLength(64);
            token.HasIndex(t => t.Hash).IsUnique();
            token.HasIndex(t => new { t.ConnectionId, t.CreatedAt });
            token
                .HasOne<ConnectionRecord>()
                .WithMany()
                .HasForeignKey(t => t.ConnectionId)
                .OnDelete(DeleteBehavior.Cascade);
        });
    }
}

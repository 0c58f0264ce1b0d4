using Makini.Flows.Server.Connections;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Mappings;

/// <summary>
/// One saved version of a connection's mapping of an entity. Versions count from 1 per connection and entity; the
/// newest is the one in force; a version without a document is the connector's default (a reset).
/// </summary>
public sealed class MappingVersionRecord
{
    public long Id { get; set; }
    public string ConnectionId { get; set; } = "";
    public string Entity { get; set; } = "";
    public long Version { get; set; }

    /// <summary>The mapping document as saved; null: the connector's default.</summary>
    public string? Document { get; set; }

    /// <summary>The API key that saved it (its id).</summary>
    public string? Author { get; set; }
    public DateTime SavedAt { get; set; }

    /// <summary>When a failure of this version's scripts was reported as a <c>system.error</c> event (once a version).</summary>
    public DateTime? ErrorReportedAt { get; set; }
}

public static class MappingModel
{
    /// <summary>The newest version of each entity's mapping of a connection (the ones in force).</summary>
    public static IQueryable<MappingVersionRecord> Latest(
        this IQueryable<MappingVersionRecord> versions,
        string connectionId
    ) =>
        versions
            .Where(v => v.ConnectionId == connectionId)
            .GroupBy(v => v.Entity)
            .Select(g => g.OrderByDescending(v => v.Version).First());

    public const string Table = "connection_mappings";

    public static void Configure(ModelBuilder model) =>
        model.Entity<MappingVersionRecord>(version =>
        {
            version.ToTable(Table);
            version.HasKey(v => v.Id);
            version.Property(v => v.Id).HasColumnName("id");
            version.Property(v => v.ConnectionId).HasColumnName("connection_id").HasMaxLength(32);
            version.Property(v => v.Entity).HasColumnName("entity").HasMaxLength(32);
            version.Property(v => v.Version).HasColumnName("version");
            version.Property(v => v.Document).HasColumnName("document");
            version.Property(v => v.Author).HasColumnName("author").HasMaxLength(64);
            version.Property(v => v.SavedAt).HasColumnName("saved_at");
            version.Property(v => v.ErrorReportedAt).HasColumnName("error_reported_at");
            version
                .HasIndex(v => new
                {
                    v.ConnectionId,
                    v.Entity,
                    v.Version,
                })
                .IsUnique()
                .HasDatabaseName("ux_connection_mappings_version");
            version
                .HasOne<ConnectionRecord>()
                .WithMany()
                .HasForeignKey(v => v.ConnectionId)
                .OnDelete(DeleteBehavior.Cascade);
        });
}

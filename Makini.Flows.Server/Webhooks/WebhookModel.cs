using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Webhooks;

/// <summary>Tables of the webhook outbox: endpoints, deliveries and their attempts.</summary>
public static class WebhookModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<WebhookEndpointRecord>(endpoint =>
        {
            endpoint.ToTable("webhook_endpoints");
            endpoint.HasKey(e => e.Id);
            endpoint.Property(e => e.Id).HasMaxLength(32);
            endpoint.Property(e => e.Url).HasMaxLength(2048);
            endpoint.Property(e => e.Description).HasMaxLength(1000);
            endpoint.Property(e => e.EventTypes).HasMaxLength(4000);
            endpoint.Property(e => e.ConnectionId).HasMaxLength(128);
            endpoint.Property(e => e.DisabledReason).HasMaxLength(1000);
        });
        model.Entity<WebhookDeliveryRecord>(delivery =>
        {
            delivery.ToTable("webhook_deliveries");
            delivery.HasKey(d => d.Id);
            delivery.Property(d => d.Id).HasMaxLength(40);
            delivery.Property(d => d.EndpointId).HasMaxLength(32);
            delivery.Property(d => d.EventType).HasMaxLength(100);
            delivery.Property(d => d.ConnectionId).HasMaxLength(128);
            delivery.Property(d => d.Status).HasMaxLength(16);
            delivery
                .HasOne<WebhookEndpointRecord>()
                .WithMany()
                .HasForeignKey(d => d.EndpointId)
                .OnDelete(DeleteBehavior.Cascade);
            delivery.HasIndex(d => new { d.EndpointId, d.CreatedAt });
        });
        model.Entity<WebhookAttemptRecord>(attempt =>
        {
            attempt.ToTable("webhook_attempts");
            attempt.HasKey(a => a.Id);
            attempt.Property(a => a.DeliveryId).HasMaxLength(40);
            attempt
                .HasOne<WebhookDeliveryRecord>()
                .WithMany()
                .HasForeignKey(a => a.DeliveryId)
                .OnDelete(DeleteBehavior.Cascade);
            attempt.HasIndex(a => new { a.DeliveryId, a.Number }).IsUnique();
        });
    }
}

using BuildingBlocks.Idempotency;
using Microsoft.EntityFrameworkCore;

namespace BuildingBlocks.Messaging;

public static class MessagingModel
{
    /// <summary>Adds the outbox, inbox and idempotency tables to a module's model.</summary>
    public static ModelBuilder AddBuildingBlocksTables(this ModelBuilder model)
    {
        model.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("outbox_messages");
            outbox.HasKey(m => m.Id);
            outbox.Property(m => m.Type).HasMaxLength(300);
            outbox.Property(m => m.LastError).HasMaxLength(2000);
            outbox.Property(m => m.TraceParent).HasMaxLength(100);
            outbox.HasIndex(m => new { m.ProcessedAt, m.NextAttemptAt });
        });
        model.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable("inbox_messages");
            inbox.HasKey(m => new { m.EventId, m.Consumer });
            // The inbox processor marks a row handled in the effect's own SaveChanges, only while its lease is ours.
            inbox.Property(m => m.LockToken).IsConcurrencyToken();
            inbox.Property(m => m.Consumer).HasMaxLength(300);
            inbox.Property(m => m.Type).HasMaxLength(300);
            inbox.Property(m => m.TraceParent).HasMaxLength(100);
            inbox.Property(m => m.LastError).HasMaxLength(2000);
            inbox.Property(m => m.DiscardReason).HasMaxLength(2000);
            inbox.HasIndex(m => new { m.Status, m.NextAttemptAt });
            inbox.HasIndex(m => m.DeadLetterId);
            inbox.HasIndex(m => m.HandledAt);
        });
        return model.AddIdempotencyTable();
    }
}

using Microsoft.EntityFrameworkCore;

namespace BuildingBlocks.Idempotency;

internal static class IdempotencyModel
{
    public static ModelBuilder AddIdempotencyTable(this ModelBuilder model) =>
        model.Entity<IdempotencyRecord>(record =>
        {
            record.ToTable("idempotency_records");
            record.HasKey(r => r.Key);
            record.Property(r => r.Key).HasMaxLength(400);
            record.Property(r => r.RequestHash).HasMaxLength(64);
            record.Property(r => r.Location).HasMaxLength(400);
            record.HasIndex(r => r.ExpiresAt);
        });
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Identity.Revocation;

/// <summary>
/// A revocation in force, written with its <see cref="Contracts.AuthorizationRevoked"/> event in one transaction: the
/// list every process reads (<c>/internal/identity/revocations</c>). Not unique per authorization: two instances may
/// revoke the same one at once, and a reader takes the latest expiry.
/// </summary>
internal sealed class RevokedAuthorizationRecord
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string AuthorizationId { get; init; }

    public DateTime RevokedAt { get; init; }

    /// <summary>The last access token of the authorization has expired by then; the row is deleted after it.</summary>
    public DateTime ExpiresAt { get; init; }
}

internal sealed class RevokedAuthorizationRecordConfiguration : IEntityTypeConfiguration<RevokedAuthorizationRecord>
{
    public void Configure(EntityTypeBuilder<RevokedAuthorizationRecord> builder)
    {
        builder.ToTable("RevokedAuthorizations");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.AuthorizationId).HasMaxLength(100);
        builder.HasIndex(r => r.ExpiresAt);
    }
}

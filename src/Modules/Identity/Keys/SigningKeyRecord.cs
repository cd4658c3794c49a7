using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Identity.Keys;

/// <summary>
/// A persisted key: an RSA signing certificate (PKCS#12, its validity is the key's schedule) or the
/// symmetric key that encrypts OpenIddict's own tokens (codes, refresh tokens).
/// </summary>
internal sealed class SigningKeyRecord
{
    public const string Signing = "sig";
    public const string Encryption = "enc";

    public Guid Id { get; set; }

    /// <summary><see cref="Signing"/> or <see cref="Encryption"/>.</summary>
    public string Use { get; set; } = Signing;

    /// <summary>The key, wrapped under the key-encryption key (<see cref="KeyWrap"/>); never stored in clear.</summary>
    public byte[] Material { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    /// <summary>From then on it may sign; before, it is only published.</summary>
    public DateTime ActivatesAt { get; set; }

    /// <summary>It signs nothing from then on (the next key took over).</summary>
    public DateTime SignsUntil { get; set; }

    /// <summary>Every token it signed has expired: it leaves the JWKS and is deleted.</summary>
    public DateTime ExpiresAt { get; set; }
}

internal sealed class SigningKeyRecordConfiguration : IEntityTypeConfiguration<SigningKeyRecord>
{
    public void Configure(EntityTypeBuilder<SigningKeyRecord> builder)
    {
        builder.ToTable("SigningKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Use).HasMaxLength(8);
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Identity.Keys;

/// <summary>
/// Which keys must exist at a given moment: one that signs now, the next one published
/// <see cref="KeySettings.PublicationLead"/> before it takes over, and one encryption key.
/// </summary>
internal static class KeySchedule
{
    /// <summary>A few minutes of clock skew between this process and the validators.</summary>
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    private static readonly DateTime Forever = DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc);

    public static List<SigningKeyRecord> Due(
        IReadOnlyCollection<SigningKeyRecord> keys,
        DateTime now,
        KeySettings settings,
        TimeSpan longestTokenLifetime)
    {
        var due = new List<SigningKeyRecord>();
        var signing = keys.Where(k => k.Use == SigningKeyRecord.Signing && k.ExpiresAt > now).ToList();
        var retention = longestTokenLifetime + Skew;

        if (!signing.Any(k => k.ActivatesAt <= now && now < k.SignsUntil))
        {
            // Nothing can sign (first start, or the process was down past the schedule): a key that signs at once.
            var now1 = NewSigningKey(
                now.AddMinutes(-1),
                now + settings.RotationInterval,
                retention,
                settings.RsaKeySize);
            due.Add(now1);
            signing.Add(now1);
        }

        var latest = signing.MaxBy(k => k.SignsUntil)!;
        if (latest.SignsUntil - now < settings.PublicationLead && !signing.Any(k => k.ActivatesAt > now))
        {
            due.Add(NewSigningKey(
                latest.SignsUntil,
                latest.SignsUntil + settings.RotationInterval,
                retention,
                settings.RsaKeySize));
        }

        if (!keys.Any(k => k.Use == SigningKeyRecord.Encryption))
        {
            due.Add(new SigningKeyRecord
            {
                Id = Guid.CreateVersion7(), Use = SigningKeyRecord.Encryption,
                Material = RandomNumberGenerator.GetBytes(32),
                CreatedAt = now, ActivatesAt = now, SignsUntil = Forever, ExpiresAt = Forever,
            });
        }

        return due;
    }

    /// <summary>Keys whose every token has expired.</summary>
    public static IEnumerable<SigningKeyRecord> Expired(IEnumerable<SigningKeyRecord> keys, DateTime now) =>
        keys.Where(k => k.Use == SigningKeyRecord.Signing && k.ExpiresAt <= now);

    /// <summary>
    /// An RSA key in a self-signed certificate whose validity is the key's schedule: OpenIddict then
    /// signs with the valid certificate that expires last and only publishes the ones not valid yet.
    /// </summary>
    private static SigningKeyRecord NewSigningKey(
        DateTime activatesAt,
        DateTime signsUntil,
        TimeSpan retention,
        int keySize)
    {
        // Certificates keep whole seconds: round up, or the key would be valid (and sign) before its time.
        activatesAt = WholeSecondUp(activatesAt);
        signsUntil = WholeSecondUp(signsUntil);
        using var rsa = RSA.Create(keySize);
        var request = new CertificateRequest(
            "CN=Shop token signing",
            rsa,
            HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1);
        request.CertificateExtensions
            .Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        var expiresAt = signsUntil + retention;
        using var certificate = request.CreateSelfSigned(
            new DateTimeOffset(activatesAt, TimeSpan.Zero),
            new DateTimeOffset(expiresAt, TimeSpan.Zero));
        return new SigningKeyRecord
        {
            Id = Guid.CreateVersion7(), Use = SigningKeyRecord.Signing,
            Material = certificate.Export(X509ContentType.Pkcs12),
            CreatedAt = DateTime.UtcNow, ActivatesAt = activatesAt, SignsUntil = signsUntil, ExpiresAt = expiresAt,
        };
    }

    private static DateTime WholeSecondUp(DateTime value) =>
        value.Ticks % TimeSpan.TicksPerSecond == 0
            ? value
            : new DateTime(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond) + TimeSpan.TicksPerSecond, value.Kind);
}

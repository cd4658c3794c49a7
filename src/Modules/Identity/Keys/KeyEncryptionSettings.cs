namespace Identity.Keys;

/// <summary>
/// The key-encryption key (<c>Identity:KeyEncryption</c>): a certificate with its RSA private key that wraps the
/// token-signing keys, the token-encryption key and the Data Protection key ring in the database. It lives outside the
/// database, the data folder and every backup.
/// </summary>
internal sealed class KeyEncryptionSettings
{
    public const string Section = "Identity:KeyEncryption";

    /// <summary>A PKCS#12 file (<c>.pfx</c>, <c>.p12</c>) or a PEM file (<c>.pem</c>, <c>.crt</c>) with the certificate,
    /// and its private key unless <see cref="KeyPath"/> names another PEM file.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PKCS#12 password, or the password of an encrypted PEM private key.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>A PEM private key file, when <see cref="CertificatePath"/> holds the certificate alone.</summary>
    public string? KeyPath { get; set; }

    /// <summary>Replaced key-encryption keys, used only to open keys wrapped before the replacement: at start every key
    /// is re-wrapped under the current one, after which these can go (docs/adr/0011).</summary>
    public List<KeyEncryptionFile> Previous { get; set; } = [];

    public KeyEncryptionFile Current => new()
    {
        CertificatePath = CertificatePath, CertificatePassword = CertificatePassword, KeyPath = KeyPath,
    };
}

/// <summary>Where one key-encryption certificate is.</summary>
internal sealed class KeyEncryptionFile
{
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    public string? KeyPath { get; set; }
}

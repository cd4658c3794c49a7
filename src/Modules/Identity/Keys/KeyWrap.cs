using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Logging;

namespace Identity.Keys;

/// <summary>
/// Wraps key material under the key-encryption key with Data Protection's own certificate XML encryption, the one
/// <c>ProtectKeysWithCertificate</c> gives its key ring: one protection, one key to replace, for the signing keys, the
/// token-encryption key and the Data Protection master keys alike.
/// </summary>
/// <remarks>A wrapped row is <see cref="Prefix"/> and the XML-encrypted material (a fresh AES-256 key per row, itself
/// encrypted with the certificate's RSA public key). Rows without the prefix come from a version that stored keys in
/// clear; they are wrapped at the next start (<see cref="KeyRewrapping"/>).</remarks>
internal sealed class KeyWrap(KeyEncryptionKey kek, IServiceProvider services, ILoggerFactory loggers)
{
    private static readonly byte[] Prefix = "shop-wrapped-key:1\n"u8.ToArray();
    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";
    private static readonly XName EncryptedSecret = DataProtection + "encryptedSecret";
    private static readonly XName RequiresEncryption = DataProtection + "requiresEncryption";

    public string CurrentName => KeyEncryptionKey.Name(kek.Current);

    public byte[] Wrap(byte[] material)
    {
        var encrypted = Encrypt(new XElement("key", Convert.ToBase64String(material))).EncryptedElement;
        return [.. Prefix, .. Encoding.UTF8.GetBytes(encrypted.ToString(SaveOptions.DisableFormatting))];
    }

    public byte[] Unwrap(byte[] stored) =>
        IsWrapped(stored) ? Convert.FromBase64String(Decrypt(Encrypted(stored)).Value) : stored;

    /// <summary>The thumbprint of the key-encryption key a row is wrapped under; null for a row in clear.</summary>
    public static string? WrappedUnder(byte[] stored) =>
        IsWrapped(stored) ? WrappedUnderElement(Encrypted(stored)) : null;

    /// <summary>Re-wraps a Data Protection key's master key under the current key-encryption key (or wraps it, if it
    /// was kept in clear); false when it already is.</summary>
    public bool RewrapDataProtectionKey(XElement key)
    {
        XElement secret;
        XElement replaced;
        if (key.Descendants(EncryptedSecret).FirstOrDefault() is { } wrapped)
        {
            var encrypted = wrapped.Elements().First();
            if (WrappedUnderElement(encrypted) == CurrentName)
            {
                return false;
            }

            secret = Decrypt(encrypted);
            replaced = wrapped;
        }
        else if (key.Descendants().FirstOrDefault(e => (bool?)e.Attribute(RequiresEncryption) == true) is { } clear)
        {
            secret = new XElement(clear);
            replaced = clear;
        }
        else
        {
            return false;
        }

        var info = Encrypt(secret);
        replaced.ReplaceWith(new XElement(
            EncryptedSecret,
            new XAttribute("decryptorType", info.DecryptorType.AssemblyQualifiedName!),
            info.EncryptedElement));
        return true;
    }

    /// <summary>The thumbprint a Data Protection key's master key is wrapped under; null for one in clear.</summary>
    public static string? DataProtectionKeyWrappedUnder(XElement dataProtectionKey) =>
        dataProtectionKey.Descendants(EncryptedSecret).FirstOrDefault() is { } wrapped
            ? WrappedUnderElement(wrapped)
            : null;

    private static bool IsWrapped(byte[] stored) => stored.AsSpan().StartsWith(Prefix);

    private static XElement Encrypted(byte[] stored) => XElement.Parse(Encoding.UTF8.GetString(stored, Prefix.Length,
        stored.Length - Prefix.Length));

    private static string? WrappedUnderElement(XElement encrypted) =>
        encrypted.Descendants().FirstOrDefault(e => e.Name.LocalName == "X509Certificate") is { } certificate
            ? X509CertificateLoader.LoadCertificate(Convert.FromBase64String(certificate.Value)).Thumbprint
            : null;

    private EncryptedXmlInfo Encrypt(XElement secret) =>
        new CertificateXmlEncryptor(kek.Current, loggers).Encrypt(secret);

    private XElement Decrypt(XElement encrypted)
    {
        try
        {
            return new EncryptedXmlDecryptor(services).Decrypt(encrypted);
        }
        catch (CryptographicException exception)
        {
            var under = WrappedUnderElement(encrypted) ?? "unknown";
            throw new KeyEncryptionException(
                $"The Identity keys in the database are wrapped with the key-encryption key {under}, but the "
                + $"configured one is {CurrentName} ({kek.Source}). Configure the key they were wrapped with as "
                + "Identity:KeyEncryption:CertificatePath, or list it under Identity:KeyEncryption:Previous while "
                + "replacing it (docs/adr/0011-key-encryption-key.md).",
                exception);
        }
    }
}

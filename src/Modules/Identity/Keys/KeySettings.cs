namespace Identity.Keys;

/// <summary>When signing keys are created, start signing and are dropped (<c>Identity:Keys</c>).</summary>
internal sealed class KeySettings
{
    /// <summary>How long a key signs before the next one takes over.</summary>
    public TimeSpan RotationInterval { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long the next key is published in the JWKS before it signs, so that every validator's cached JWKS
    /// knows it.</summary>
    public TimeSpan PublicationLead { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How often a running process checks whether a key must be created or becomes the signing one.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(1);

    public int RsaKeySize { get; set; } = 2048;
}

using Microsoft.Extensions.DependencyInjection;

namespace Identity.Devices;

/// <summary>
/// The user codes of the device authorization grant (<c>shop login</c>), as RFC 8628 section 6.1 advises: eight
/// characters from twenty consonants (no vowels, so no words; no look-alikes such as 0/O or 1/I), about 34.6 bits.
/// With <see cref="Security.RateLimitSettings.DeviceVerificationPerMinute"/> checks a minute per address and a
/// 10-minute lifetime, one address has about 1 chance in 250 million of hitting a live code.
/// </summary>
internal static class DeviceCodes
{
    public const string Charset = "BCDFGHJKLMNPQRSTVWXZ";

    public const int Length = 8;

    public static void Configure(OpenIddictServerBuilder server, TimeSpan lifetime)
    {
        server.SetUserCodeCharset([.. Charset.Select(c => c.ToString())])
            .SetUserCodeLength(Length)
            .SetUserCodeDisplayFormat("{0}{1}{2}{3}-{4}{5}{6}{7}")
            .SetUserCodeLifetime(lifetime)
            .SetDeviceCodeLifetime(lifetime);
    }
}

namespace Shop.Client.Auth;

/// <summary>What the device authorization endpoint answered (RFC 8628 3.2): show the user <see cref="UserCode"/> and
/// <see cref="VerificationUri"/>; the client polls with <see cref="DeviceCode"/> every <see cref="Interval"/>.</summary>
public sealed record DeviceAuthorization(
    string DeviceCode,
    string UserCode,
    Uri VerificationUri,
    Uri? VerificationUriComplete,
    DateTimeOffset ExpiresAt,
    TimeSpan Interval);

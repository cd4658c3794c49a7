namespace Shop.Client.Auth;

/// <summary>Where the shop's authorization server answers: under its issuer (the monolith's or the gateway's
/// address), as its discovery document says.</summary>
public sealed record OAuthEndpoints(Uri Authorization, Uri Token, Uri DeviceAuthorization)
{
    /// <summary>The endpoints of a shop whose issuer (public address) is <paramref name="issuer"/>.</summary>
    public static OAuthEndpoints ForIssuer(Uri issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        var root = issuer.AbsoluteUri.EndsWith('/') ? issuer : new Uri(issuer.AbsoluteUri + "/");
        return new OAuthEndpoints(
            new Uri(root, "connect/authorize"),
            new Uri(root, "connect/token"),
            new Uri(root, "connect/device"));
    }
}

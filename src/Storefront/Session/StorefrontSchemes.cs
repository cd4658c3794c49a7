namespace Storefront.Session;

/// <summary>The storefront's own authentication schemes and policies, apart from the API's bearer scheme that the
/// Host runs beside them.</summary>
public static class StorefrontSchemes
{
    public const string Cookie = "storefront";
    public const string OpenIdConnect = "storefront-oidc";
    public const string Shopper = "storefront-shopper";
    public const string Admin = "storefront-admin";
}

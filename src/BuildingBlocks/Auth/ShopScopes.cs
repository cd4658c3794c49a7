namespace BuildingBlocks.Auth;

/// <summary>The API's OAuth scopes, roles and policy names: defined once, used by every module and the
/// Gateway.</summary>
public static class ShopScopes
{
    public const string CatalogAdmin = "catalog.admin";
    public const string Cart = "cart";
    public const string Orders = "orders";
    public const string Internal = "internal";

    public static readonly string[] Api = [CatalogAdmin, Cart, Orders, Internal];
}

public static class ShopRoles
{
    public const string Customer = "customer";
    public const string Admin = "admin";
}

public static class ShopPolicies
{
    public const string CatalogAdmin = "catalog.admin";
    public const string Cart = "cart";
    public const string Orders = "orders";
    public const string OrdersAdmin = "orders.admin";
    public const string Internal = "internal";
}

public static class ShopClaims
{
    public const string Subject = "sub";
    public const string Scope = "scope";
    public const string Role = "role";
    public const string Audience = "shop-api";
}

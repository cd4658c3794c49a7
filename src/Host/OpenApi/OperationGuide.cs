using System.Text.Json.Nodes;

namespace Host.OpenApi;

/// <summary>How an operation uses conditional requests: <c>If-Match</c> refused when missing, accepted, or not
/// read.</summary>
internal enum IfMatch
{
    None,
    Optional,
    Required,
}

/// <summary>What the document says about an operation beyond what its endpoint declares: words for people, the
/// ETag it answers with, the If-Match it reads, an example body.</summary>
internal sealed record OperationGuide(
    string Summary,
    string Description,
    bool ETag = false,
    IfMatch IfMatch = IfMatch.None,
    JsonNode? Example = null)
{
    private static readonly JsonObject Address = new()
    {
        ["name"] = "Ada Lovelace", ["line1"] = "1 Analytical St", ["city"] = "London", ["postalCode"] = "N1 7AA",
        ["country"] = "GB",
    };

    private static readonly Dictionary<string, OperationGuide> Guides = new(StringComparer.Ordinal)
    {
        ["Register"] = new(
            "Create a customer account",
            "A strong password has at least 12 characters and is not a commonly breached one. A taken email is 409.",
            Example: new JsonObject
            {
                ["email"] = "ada@example.com", ["password"] = "correct-horse-battery-staple",
                ["displayName"] = "Ada",
            }),
        ["GetMe"] = new(
            "The signed-in account",
            "The account behind the bearer token, with its roles. A service token (client credentials) is 404."),
        ["ListProducts"] = new(
            "Search the catalog",
            "Products whose name or sku contains `search`, paged. Anonymous."),
        ["GetProduct"] = new(
            "A product",
            "Anonymous. The `ETag` is the product's version: send it in `If-Match` to update the product.",
            ETag: true),
        ["CreateProduct"] = new(
            "Add a product to the catalog",
            "Admins only. `sku` is 1..32 characters of `A-Z`, `0-9` and `-`, unique (409 when taken).",
            ETag: true,
            Example: new JsonObject
            {
                ["sku"] = "MUG-BLUE-01", ["name"] = "Blue mug", ["description"] = "350 ml, dishwasher safe",
                ["unitPrice"] = 12.5m, ["stock"] = 40,
            }),
        ["UpdateProduct"] = new(
            "Change a product",
            "Admins only. `If-Match` with the product's `ETag` is required (428 without it, 412 when the product "
            + "changed since). Stock changes through stock adjustments, not here.",
            ETag: true,
            IfMatch: IfMatch.Required,
            Example: new JsonObject
            {
                ["sku"] = "MUG-BLUE-01", ["name"] = "Blue mug", ["description"] = "350 ml", ["unitPrice"] = 11.9m,
            }),
        ["DeleteProduct"] = new("Remove a product from the catalog", "Admins only."),
        ["AdjustStock"] = new(
            "Add or remove units of stock",
            "Admins only. A negative `delta` takes units away; stock never goes below zero (409).",
            ETag: true,
            Example: new JsonObject { ["delta"] = 10 }),
        ["GetCart"] = new(
            "Your cart",
            "The cart of the token's user, priced at the catalog's current prices. An empty cart is 200 with no items.",
            ETag: true),
        ["ClearCart"] = new(
            "Empty your cart",
            "Accepts `If-Match` (412 when the cart changed).",
            IfMatch: IfMatch.Optional),
        ["AddCartItem"] = new(
            "Add units of a product to your cart",
            "Adds to an existing line. A line holds 1..99 units and a cart at most 50 lines (409 beyond). An unknown "
            + "product is 404. Accepts `If-Match` (412 when the cart changed).",
            ETag: true,
            IfMatch: IfMatch.Optional,
            Example: new JsonObject { ["productId"] = "0195f3a2-7c4e-7d2a-9f1e-3b5c8d7a6e01", ["quantity"] = 2 }),
        ["SetCartItemQuantity"] = new(
            "Set a line's quantity",
            "Adds the line when the product is not in the cart yet; quantity 0 removes it. Accepts `If-Match`.",
            ETag: true,
            IfMatch: IfMatch.Optional,
            Example: new JsonObject { ["quantity"] = 3 }),
        ["RemoveCartItem"] = new(
            "Remove a line from your cart",
            "Removing a line that is not there is 200. Accepts `If-Match`.",
            ETag: true,
            IfMatch: IfMatch.Optional),
        ["Checkout"] = new(
            "Turn your cart into an order",
            "Places an order for the cart's lines at the catalog's current prices and empties the cart. The order "
            + "starts `Pending` and becomes `Confirmed` or `Rejected` once stock is reserved: poll it at `Location`. "
            + "An empty cart is 409.",
            Example: new JsonObject { ["shippingAddress"] = Address.DeepClone() }),
        ["PlaceOrder"] = new(
            "Place an order",
            "1..50 lines, each product once, 1..99 units each. An unknown product is 400 with "
            + "`errors[\"items[i].productId\"]`. The order starts `Pending`: poll it at `Location`.",
            Example: new JsonObject
            {
                ["items"] = new JsonArray(
                    new JsonObject { ["productId"] = "0195f3a2-7c4e-7d2a-9f1e-3b5c8d7a6e01", ["quantity"] = 1 }),
                ["shippingAddress"] = Address.DeepClone(),
            }),
        ["ListOrders"] = new("Your orders", "Newest first, paged. Admins see every customer's orders."),
        ["GetOrder"] = new("An order", "Someone else's order is 404, like one that does not exist; admins see all."),
        ["CancelOrder"] = new(
            "Cancel an order",
            "Only a `Pending` or `Confirmed` order (else 409); reserved stock is released."),
        ["ShipOrder"] = new("Mark an order shipped", "Admins only. Only a `Confirmed` order (else 409)."),
    };

    public static OperationGuide? For(string? operationId) =>
        operationId is not null && Guides.TryGetValue(operationId, out var guide) ? guide : null;
}

using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Commerce.Tests;

/// <summary>Malformed and hostile requests: each is a 4xx (a problem response unless the HTTP server itself refused
/// it), and nothing changes.</summary>
public sealed class BadInputTests(ShopFixture shop) : IClassFixture<ShopFixture>
{
    private sealed record Case(
        string Who,
        string Method,
        string Path,
        string? Body,
        int Expected,
        string? Key = null,
        string ContentType = "application/json",
        string? IfMatch = null)
    {
        public override string ToString() => $"{Who} {Method} {Path} {Body?[..Math.Min(Body.Length, 60)]}";
    }

    private static readonly string Address
        = """{"name":"Ada","line1":"1 St","city":"London","postalCode":"N1","country":"GB"}""";

    private static string Product(
        string sku = "\"BAD-1\"",
        string name = "\"Bad\"",
        string price = "1.5",
        string stock = "1",
        string description = "\"d\"") =>
        $$"""{"sku":{{sku}},"name":{{name}},"description":{{description}},"unitPrice":{{price}},"stock":{{stock}}}""";

    private static string Checkout(string address) => $$"""{"shippingAddress":{{address}}}""";

    private static string Order(string items, string? address = null)
        => $$"""{"items":{{items}},"shippingAddress":{{address ?? Address}}}""";

    private static IEnumerable<Case> Cases()
    {
        const string products = "/api/catalog/products";
        // Catalog writes (admin).
        yield return new("admin", "POST", products, "not json", 400);
        yield return new("admin", "POST", products, Product(sku: "123"), 400);
        yield return new("admin", "POST", products, """{"name":"x","unitPrice":1,"stock":1}""", 400);
        yield return new("admin", "POST", products, Product(sku: "\"lower-case\""), 400);
        yield return new("admin", "POST", products, Product(sku: $"\"{new string('A', 33)}\""), 400);
        yield return new("admin", "POST", products, Product(sku: "\"MUG-АБВ\""), 400);
        yield return new("admin", "POST", products, Product(name: "\"\""), 400);
        yield return new("admin", "POST", products, Product(name: $"\"{new string('n', 201)}\""), 400);
        yield return new("admin", "POST", products, Product(description: $"\"{new string('d', 2001)}\""), 400);
        yield return new("admin", "POST", products, Product(price: "0"), 400);
        yield return new("admin", "POST", products, Product(price: "-1"), 400);
        yield return new("admin", "POST", products, Product(price: "1000000.01"), 400);
        yield return new("admin", "POST", products, Product(price: "1.001"), 400);
        yield return new("admin", "POST", products, Product(price: "\"10\""), 400);
        yield return new("admin", "POST", products, Product(price: "1e400"), 400);
        yield return new("admin", "POST", products, Product(price: "null"), 400);
        yield return new("admin", "POST", products, Product(stock: "-1"), 400);
        yield return new("admin", "POST", products, Product(stock: "2147483648"), 400);
        yield return new("admin", "POST", products, Product(stock: "1.5"), 400);
        yield return new("admin", "POST", products, Product(stock: "1000001"), 400);
        yield return new("admin", "POST", products, Product(name: "\"bell\\u0007\""), 400);
        yield return new("admin", "POST", products, Product(name: "\"nul\\u0000\""), 400);
        yield return new("admin", "POST", products, Product(name: "\"lone \\ud800 surrogate\""), 400);
        yield return new("admin", "POST", products, Product(name: "\"evil\\u202Egnp.exe\""), 400);
        yield return new("admin", "POST", products, Product(name: "\"\\uFEFFbom\""), 400);
        yield return new("admin", "POST", products, Product(), 415, ContentType: "text/plain");
        yield return new("admin", "POST", products, "", 400);
        yield return new("admin", "POST", products, "[]", 400);
        yield return new("admin", "POST", products, "null", 400);
        yield return new("admin", "POST", products, "{\"sku\":", 400);
        yield return new(
            "admin",
            "POST",
            products,
            $$"""{"sku":"BIG-1","name":"{{new string('x', 2_000_000)}}","unitPrice":1,"stock":1}""",
            413);
        yield return new("admin", "PUT", $"{products}/{{product}}", """{"sku":"X-1","name":"x","unitPrice":1}""", 428);
        yield return new(
            "admin",
            "PUT",
            $"{products}/{{product}}",
            """{"sku":"X-1","name":"x","unitPrice":1}""",
            412,
            IfMatch: "\"999\"");
        yield return new(
            "admin",
            "PUT",
            $"{products}/{{product}}",
            """{"sku":"X-1","name":"x","unitPrice":1}""",
            412,
            IfMatch: "garbage");
        yield return new(
            "admin",
            "PUT",
            $"{products}/{Guid.NewGuid()}",
            """{"sku":"X-1","name":"x","unitPrice":1}""",
            404,
            IfMatch: "\"1\"");
        yield return new(
            "admin",
            "PUT",
            $"{products}/{{product}}",
            """{"sku":"x y","name":"","unitPrice":-5}""",
            400,
            IfMatch: "\"1\"");
        yield return new(
            "admin",
            "PUT",
            $"{products}/{Guid.NewGuid()}",
            """{"sku":"X-1","name":"x","unitPrice":1}""",
            404,
            IfMatch: "*");
        yield return new("admin", "DELETE", $"{products}/{Guid.NewGuid()}", null, 404);
        yield return new("admin", "DELETE", $"{products}/not-a-guid", null, 404);
        yield return new("admin", "POST", $"{products}/{{product}}/stock-adjustments", """{"delta":0}""", 400);
        yield return new("admin", "POST", $"{products}/{{product}}/stock-adjustments", """{"delta":"abc"}""", 400);
        yield return new("admin", "POST", $"{products}/{{product}}/stock-adjustments", """{"delta":2000000}""", 400);
        yield return new("admin", "POST", $"{products}/{{product}}/stock-adjustments", """{"delta":-1000000}""", 409);
        yield return new("admin", "POST", $"{products}/{Guid.NewGuid()}/stock-adjustments", """{"delta":1}""", 404);
        yield return new("admin", "POST", $"{products}/{{product}}/stock-adjustments", """{}""", 400);
        // Catalog reads (anonymous).
        yield return new("none", "GET", $"{products}?pageSize=0", null, 400);
        yield return new("none", "GET", $"{products}?pageSize=101", null, 400);
        yield return new("none", "GET", $"{products}?page=0", null, 400);
        yield return new("none", "GET", $"{products}?page=abc", null, 400);
        yield return new("none", "GET", $"{products}?page=99999999999", null, 400);
        yield return new("none", "GET", $"{products}?search={new string('s', 201)}", null, 400);
        yield return new("none", "GET", $"{products}?search=a%00b", null, 400);
        yield return new("none", "GET", $"{products}/not-a-guid", null, 404);
        yield return new("none", "GET", $"{products}/{Guid.NewGuid()}", null, 404);
        // Cart (customer with an empty cart).
        yield return new("customer", "POST", "/api/cart/items", """{"productId":"{product}","quantity":0}""", 400);
        yield return new("customer", "POST", "/api/cart/items", """{"productId":"{product}","quantity":100}""", 400);
        yield return new("customer", "POST", "/api/cart/items", """{"productId":"{product}","quantity":-1}""", 400);
        yield return new("customer", "POST", "/api/cart/items", """{"productId":"{product}","quantity":1e10}""", 400);
        yield return new("customer", "POST", "/api/cart/items", """{"productId":"{product}","quantity":"2"}""", 400);
        yield return new("customer", "POST", "/api/cart/items", """{"productId":"not-a-guid","quantity":1}""", 400);
        yield return new("customer", "POST", "/api/cart/items", """{"quantity":1}""", 400);
        yield return new(
            "customer",
            "POST",
            "/api/cart/items",
            """{"productId":"00000000-0000-0000-0000-000000000000","quantity":1}""",
            400);
        yield return new(
            "customer",
            "POST",
            "/api/cart/items",
            $$"""{"productId":"{{Guid.NewGuid()}}","quantity":1}""",
            404);
        yield return new("customer", "POST", "/api/cart/items", "{}", 400);
        yield return new(
            "customer",
            "POST",
            "/api/cart/items",
            """{"productId":"{product}","quantity":1}""",
            415,
            ContentType: "application/xml");
        yield return new("customer", "PUT", $"/api/cart/items/{Guid.NewGuid()}", """{"quantity":1}""", 404);
        yield return new("customer", "PUT", "/api/cart/items/{product}", """{"quantity":100}""", 400);
        yield return new("customer", "PUT", "/api/cart/items/{product}", """{"quantity":1}""", 412, IfMatch: "\"999\"");
        yield return new("customer", "DELETE", "/api/cart", null, 412, IfMatch: "\"999\"");
        yield return new("customer", "POST", "/api/cart/checkout", Checkout(Address), 400);
        yield return new("customer", "POST", "/api/cart/checkout", Checkout(Address), 409, Key: "empty");
        // Checkout of a filled cart with bad input (buyer).
        yield return new("buyer", "POST", "/api/cart/checkout", "{}", 400, Key: "b1");
        yield return new("buyer", "POST", "/api/cart/checkout", Checkout("\"a string\""), 400, Key: "b2");
        yield return new(
            "buyer",
            "POST",
            "/api/cart/checkout",
            Checkout(Address.Replace("\"GB\"", "\"XX\"")),
            400,
            Key: "b3");
        yield return new(
            "buyer",
            "POST",
            "/api/cart/checkout",
            Checkout(Address.Replace("\"GB\"", "\"gb\"")),
            400,
            Key: "b4");
        yield return new(
            "buyer",
            "POST",
            "/api/cart/checkout",
            Checkout(Address.Replace("\"N1\"", $"\"{new string('9', 21)}\"")),
            400,
            Key: "b5");
        yield return new(
            "buyer",
            "POST",
            "/api/cart/checkout",
            Checkout(Address.Replace("\"Ada\"", "\"Ada\\nLovelace\"")),
            400,
            Key: "b6");
        yield return new(
            "buyer",
            "POST",
            "/api/cart/checkout",
            Checkout(Address.Replace("\"line1\":\"1 St\",", "")),
            400,
            Key: "b7");
        yield return new(
            "buyer",
            "POST",
            "/api/cart/checkout",
            Checkout(Address.Replace("\"London\"", $"\"{new string('c', 201)}\"")),
            400,
            Key: "b8");
        yield return new("buyer", "POST", "/api/cart/checkout", Checkout(Address), 400, Key: new string('k', 65));
        yield return new("buyer", "POST", "/api/cart/checkout", Checkout(Address), 400, Key: "tab\there");
        // Orders (customer).
        yield return new("customer", "POST", "/api/orders", Order("[]"), 400, Key: "o1");
        yield return new("customer", "POST", "/api/orders", Order("null"), 400, Key: "o2");
        var tooManyItems = Enumerable.Range(0, 51).Select(_ => $$"""{"productId":"{{Guid.NewGuid()}}","quantity":1}""");
        yield return new(
            "customer", "POST", "/api/orders", Order("[" + string.Join(',', tooManyItems) + "]"), 400, Key: "o3");
        yield return new(
            "customer",
            "POST",
            "/api/orders",
            Order("""[{"productId":"{product}","quantity":1},{"productId":"{product}","quantity":2}]"""),
            400,
            Key: "o4");
        yield return new(
            "customer",
            "POST",
            "/api/orders",
            Order("""[{"productId":"{product}","quantity":0}]"""),
            400,
            Key: "o5");
        yield return new(
            "customer",
            "POST",
            "/api/orders",
            Order("""[{"productId":"{product}","quantity":100}]"""),
            400,
            Key: "o6");
        yield return new(
            "customer",
            "POST",
            "/api/orders",
            Order($$"""[{"productId":"{{Guid.NewGuid()}}","quantity":1}]"""),
            400,
            Key: "o7");
        yield return new(
            "customer",
            "POST",
            "/api/orders",
            """{"items":[{"productId":"{product}","quantity":1}]}""",
            400,
            Key: "o8");
        yield return new("customer", "POST", "/api/orders", Order("""[{"productId":"{product}","quantity":1}]"""), 400);
        yield return new(
            "customer",
            "POST",
            "/api/orders",
            Order("""[{"productId":"{product}","quantity":1}]"""),
            415,
            Key: "o9",
            ContentType: "text/plain");
        yield return new(
            "customer",
            "POST",
            "/api/orders",
            Order("""[{"productId":"{product}","quantity":1}]""", "{\"country\":\"GB\"}"),
            400,
            Key: "o10");
        yield return new(
            "customer",
            "POST",
            "/api/orders",
            Order("""[{"productId":"{product}","quantity":1,"unitPrice":0.01}]""", Address.Replace("\"GB\"", "\"ZZ\"")),
            400,
            Key: "o11");
        yield return new("customer", "GET", "/api/orders?pageSize=1000", null, 400);
        yield return new("customer", "GET", "/api/orders?page=-1", null, 400);
        yield return new("customer", "GET", $"/api/orders/{Guid.NewGuid()}", null, 404);
        yield return new("customer", "POST", $"/api/orders/{Guid.NewGuid()}/cancel", null, 404);
        yield return new("customer", "POST", $"/api/orders/{Guid.NewGuid()}/ship", null, 403);
        // Tokens.
        yield return new("none", "GET", "/api/cart", null, 401);
        yield return new("garbage", "GET", "/api/cart", null, 401);
        yield return new("garbage", "POST", "/api/orders", Order("[]"), 401, Key: "g1");
        yield return new("customer", "POST", products, Product(sku: "\"CUST-1\""), 403);
        yield return new("customer", "DELETE", $"{products}/{{product}}", null, 403);
    }

    [Fact]
    public async Task Every_malformed_or_hostile_request_is_a_4xx_problem_and_changes_nothing()
    {
        var admin = await shop.Admin();
        var customer = await shop.Customer();
        var buyer = await shop.Customer();
        var garbage = Accounts.Bearer(shop.Host, "not.a.jwt");
        var product = await Shop.CreateProduct(admin, stock: 5);
        await Shop.AddToCart(buyer, product, 1);
        var clients = new Dictionary<string, HttpClient>
        {
            ["admin"] = admin,
            ["customer"] = customer,
            ["buyer"] = buyer,
            ["none"] = shop.Anonymous,
            ["garbage"] = garbage,
        };
        var before = await Snapshot(admin, customer, buyer);

        var cases = Cases().ToList();
        Assert.True(cases.Count >= 60, $"only {cases.Count} cases");
        var failures = new List<string>();
        foreach (var c in cases)
        {
            var request = new HttpRequestMessage(
                new HttpMethod(c.Method),
                c.Path.Replace("{product}", product.ToString()));
            if (c.Body is not null)
            {
                request.Content = new StringContent(c.Body.Replace("{product}", product.ToString()), Encoding.UTF8);
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(c.ContentType);
            }

            if (c.Key is not null)
            {
                request.Headers.TryAddWithoutValidation("Idempotency-Key", c.Key);
            }

            if (c.IfMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", c.IfMatch);
            }

            HttpResponseMessage response;
            try
            {
                response = await clients[c.Who].SendAsync(request);
            }
            catch (HttpRequestException) when (c.Expected == 413)
            {
                continue; // The server may refuse an oversized body and close the connection before we read its answer.
            }

            var type = response.Content.Headers.ContentType?.MediaType;
            if ((int)response.StatusCode != c.Expected || type != "application/problem+json")
            {
                failures.Add($"{c}: {(int)response.StatusCode} {type}, expected {c.Expected} problem+json");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Equal(before, await Snapshot(admin, customer, buyer));
    }

    /// <summary>Everything the cases could have touched, read back through the API.</summary>
    private static async Task<string> Snapshot(HttpClient admin, HttpClient customer, HttpClient buyer)
    {
        var parts = new List<string>();
        for (var page = 1; ; page++)
        {
            var products = await (await admin.GetAsync($"/api/catalog/products?page={page}&pageSize=100")).Json();
            parts.Add(products.ToJsonString());
            if (products["items"]!.AsArray().Count < 100)
            {
                break;
            }
        }

        parts.Add((await (await customer.GetAsync("/api/cart")).Json()).ToJsonString());
        parts.Add((await (await buyer.GetAsync("/api/cart")).Json()).ToJsonString());
        parts.Add((await (await admin.GetAsync("/api/orders?pageSize=100")).Json()).ToJsonString());
        return string.Join('\n', parts);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using BuildingBlocks.Modules;
using Catalog.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TestSupport;

namespace Host.Tests;

/// <summary>
/// Modules split over two real Hosts on Kestrel: contracts whose owner is not enabled locally go over HTTP
/// to the other Host's <c>/internal/{module}/contracts/{Contract}</c>, with a client-credentials token from
/// the Host that runs Identity (whose JWKS the other Host also validates customer tokens with).
/// </summary>
public sealed class RemoteContractTests
{
    private static readonly object GoodAddress = new
    {
        name = "Ada Lovelace", line1 = "1 Analytical St", line2 = (string?)null, city = "London", postalCode = "N1 7AA",
        country = "GB",
    };
    private static readonly object BadAddress = new
    {
        name = "Ada Lovelace", line1 = "1 Analytical St", line2 = (string?)null, city = "London", postalCode = "N1 7AA",
        country = "XX",
    };

    [Fact]
    public async Task A_host_without_identity_fails_over_to_the_next_authority_for_keys_and_service_tokens()
    {
        using var a = new ShopHost(settings: Settings(("Modules:Enabled", "Identity,Catalog")));
        var nobody = $"http://127.0.0.1:{Ports.Free()}/";
        using var b = new ShopHost(settings: RemoteTo(a, "Cart,Ordering", authority: $"{nobody}, {a.BaseAddress}"));
        var customer = await Tokens.RegisterAndSignInAsync(a, Tokens.UniqueEmail(), Tokens.CustomerPassword);
        var (productId, _) = await FirstProduct(a);
        using var onB = b.CreateAuthorizedClient(customer.AccessToken);

        // B validates the token with keys from the second authority, and prices through A with a service token whose
        // endpoint it discovered there too.
        var cart = await onB.GetAsync("/api/cart");
        var added = await onB.PostAsJsonAsync("/api/cart/items", new { productId, quantity = 1 });

        Assert.Equal(HttpStatusCode.OK, cart.StatusCode);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
    }

    [Fact]
    public async Task Cart_and_ordering_price_from_the_catalog_of_another_host_and_fail_with_503_when_it_is_gone()
    {
        using var a = new ShopHost(settings: Settings(("Modules:Enabled", "Identity,Catalog")));
        using var b = new ShopHost(settings: RemoteTo(a, "Cart,Ordering"));
        var customer = await Tokens.RegisterAndSignInAsync(a, Tokens.UniqueEmail(), Tokens.CustomerPassword);
        var (productId, price) = await FirstProduct(a);
        using var onB = b.CreateAuthorizedClient(customer.AccessToken);

        // Cart (B) -> GetProductPrices (A): priced by A's catalog.
        var added = await onB.PostAsJsonAsync("/api/cart/items", new { productId, quantity = 2 });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var cart = await Json(added);
        Assert.Equal(price, cart["items"]![0]!["unitPrice"]!.GetValue<decimal>());
        Assert.Equal(price * 2, cart["total"]!.GetValue<decimal>());

        // The remote query answered nothing for an unknown id.
        var unknown = await onB.PostAsJsonAsync("/api/cart/items", new { productId = Guid.NewGuid(), quantity = 1 });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        // Ordering (B) -> GetProductPrices (A). The saga needs a broker between processes: Pending is as far as it goes
        // here.
        using var order = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(
                new { items = new[] { new { productId, quantity = 3 } }, shippingAddress = GoodAddress }),
        };
        order.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var placed = await onB.SendAsync(order);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var details = await Json(placed);
        Assert.Equal("Pending", details["status"]!.GetValue<string>());
        Assert.Equal(price, details["items"]![0]!["unitPrice"]!.GetValue<decimal>());
        Assert.Equal(price * 3, details["total"]!.GetValue<decimal>());

        // The owner's endpoint: scope internal only, 404 / 400 problems for unknown contracts and bodies that are not
        // the message.
        var path = "/internal/catalog/contracts/GetProductPrices";
        var body = $$"""{"productIds":["{{productId}}"]}""";
        using var anonymous = a.CreateHttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync(path, JsonBody(body))).StatusCode);
        using var customerOnA = a.CreateAuthorizedClient(customer.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await customerOnA.PostAsync(path, JsonBody(body))).StatusCode);

        using var service = a.CreateAuthorizedClient((await Tokens.ClientCredentialsAsync(a)).AccessToken);
        var prices = await service.PostAsync(path, JsonBody(body));
        Assert.Equal(HttpStatusCode.OK, prices.StatusCode);
        Assert.Equal(price, (await Json(prices))[0]!["unitPrice"]!.GetValue<decimal>());
        await AssertProblem(
            await service.PostAsync("/internal/catalog/contracts/NoSuchContract", JsonBody(body)),
            HttpStatusCode.NotFound);
        await AssertProblem(await service.PostAsync(path, JsonBody("{\"productIds\":")), HttpStatusCode.BadRequest);
        await AssertProblem(await service.PostAsync(path, JsonBody("{}")), HttpStatusCode.BadRequest);

        // The owner is gone: after the bounded retries the call is a 503 problem.
        a.Dispose();
        await AssertProblem(await onB.GetAsync("/api/cart"), HttpStatusCode.ServiceUnavailable);

        // It comes back on the same address with a new database, so new signing keys: B's cached service token is
        // refused there (401), B fetches a new one once and the call goes through.
        using var restarted = new ShopHost(port: a.Port, settings: Settings(("Modules:Enabled", "Identity,Catalog")));
        using var oldToken = restarted.CreateAuthorizedClient(service.DefaultRequestHeaders.Authorization!.Parameter!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await oldToken.PostAsync(path, JsonBody(body))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/cart")).StatusCode);
    }

    [Fact]
    public async Task A_remote_command_returns_its_typed_result_and_its_typed_validation_error_unchanged()
    {
        using var a = new ShopHost(settings: Settings(("Modules:Enabled", "Identity,Catalog,Ordering")));
        using var b = new ShopHost(settings: RemoteTo(a, "Cart"));
        var customer = await Tokens.RegisterAndSignInAsync(a, Tokens.UniqueEmail(), Tokens.CustomerPassword);
        var (productId, price) = await FirstProduct(a);
        using var onA = a.CreateAuthorizedClient(customer.AccessToken);
        using var onB = b.CreateAuthorizedClient(customer.AccessToken);
        Assert.Equal(
            HttpStatusCode.OK,
            (await onB.PostAsJsonAsync("/api/cart/items", new { productId, quantity = 1 })).StatusCode);

        // The wire: a ContractResult with a validation error and its field errors.
        using var service = a.CreateAuthorizedClient((await Tokens.ClientCredentialsAsync(a)).AccessToken);
        // (A message is read strictly: every constructor parameter must be present, null where it is nullable.)
        var answer = await service.PostAsJsonAsync("/internal/ordering/contracts/PlaceOrder", new
        {
            customerId = customer.UserId, idempotencyKey = "wire-1", items = new[] { new { productId, quantity = 1 } },
            shippingAddress = BadAddress, skipUnavailableProducts = false,
        });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var wire = await Json(answer);
        Assert.Equal("validation", wire["error"]!["code"]!.GetValue<string>());
        var wireErrors = Errors(wire["error"]!["errors"]!);

        // Checkout on B sends PlaceOrder to A: the same errors as Ordering's own endpoint answers on A.
        var remote = await Checkout(onB, BadAddress);
        Assert.Equal(HttpStatusCode.BadRequest, remote.StatusCode);
        var remoteErrors = Errors((await Json(remote))["errors"]!);
        using var local = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(
                new { items = new[] { new { productId, quantity = 1 } }, shippingAddress = BadAddress }),
        };
        local.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var localErrors = Errors((await Json(await onA.SendAsync(local)))["errors"]!);
        Assert.Equal(
            ["'country' must be an ISO 3166-1 alpha-2 code such as 'DE' or 'FR'."],
            remoteErrors["shippingAddress.country"]);
        Assert.Equal(localErrors, remoteErrors);
        Assert.Equal(wireErrors, remoteErrors);

        // And the typed success: the order exists on A, priced by A's catalog.
        var created = await Checkout(onB, GoodAddress);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var order = await Json(created);
        Assert.Equal("Pending", order["status"]!.GetValue<string>());
        Assert.Equal(price, order["total"]!.GetValue<decimal>());
        Assert.Equal(
            HttpStatusCode.OK,
            (await onA.GetAsync($"/api/orders/{order["id"]!.GetValue<Guid>()}")).StatusCode);
    }

    [Fact]
    public async Task Queries_are_retried_a_bounded_number_of_times_and_commands_without_key_are_sent_once()
    {
        // A stand-in owner of the catalog contracts that answers, fails with 503, or is too slow, and counts what it
        // gets.
        var owner = new FakeOwner();
        await using var fake = owner.Build();
        await fake.StartAsync();
        using var b = new ShopHost(settings: Settings(
            ("Modules:Enabled", "Identity,Cart"),
            ("Modules:Remote:Catalog", fake.Urls.First()),
            ("Modules:Remote:ClientId", Tokens.InternalClient),
            ("Modules:Remote:ClientSecret", Tokens.InternalClientSecret),
            ("Modules:Remote:AttemptTimeout", "00:00:00.500"),
            ("Modules:Remote:RetryDelay", "00:00:00.050"),
            ("Modules:Remote:MaxRetryAttempts", "2")));
        using var onB = b.CreateAuthorizedClient(
            (await Tokens.RegisterAndSignInAsync(b, Tokens.UniqueEmail(), Tokens.CustomerPassword)).AccessToken);
        var productId = Guid.NewGuid();
        var added = await onB.PostAsJsonAsync("/api/cart/items", new { productId, quantity = 1 });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(12.5m, (await Json(added))["items"]![0]!["unitPrice"]!.GetValue<decimal>());
        Assert.True(owner.SawBearerToken);

        owner.Reset("fail");
        await AssertProblem(await onB.GetAsync("/api/cart"), HttpStatusCode.ServiceUnavailable);
        Assert.Equal(3, owner.Calls);

        // What IModuleClient does for a command without idempotency key: one attempt, no retry.
        owner.Reset("fail");
        var transport = b.Services.GetRequiredService<IRemoteContractTransport>();
        await Assert.ThrowsAsync<ModuleUnavailableException>(
            () => transport.Send("Catalog", new GetProductPrices([productId]), retryable: false, default).AsTask());
        Assert.Equal(1, owner.Calls);

        owner.Reset("slow");
        var started = DateTime.UtcNow;
        await AssertProblem(await onB.GetAsync("/api/cart"), HttpStatusCode.ServiceUnavailable);
        Assert.Equal(3, owner.Calls);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5), "attempt timeouts bound the call");
    }

    private sealed class FakeOwner
    {
        private volatile string _mode = "ok";
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);
        public bool SawBearerToken { get; private set; }

        public void Reset(string mode)
        {
            _mode = mode;
            Interlocked.Exchange(ref _calls, 0);
        }

        public WebApplication Build()
        {
            var builder = WebApplication.CreateSlimBuilder(
                new WebApplicationOptions { ContentRootPath = Path.GetTempPath() });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.MapPost("/internal/catalog/contracts/GetProductPrices", async (HttpContext http) =>
            {
                Interlocked.Increment(ref _calls);
                SawBearerToken |= http.Request.Headers.Authorization.ToString()
                    .StartsWith("Bearer ", StringComparison.Ordinal);
                switch (_mode)
                {
                    case "fail":
                        return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
                    case "slow":
                        await Task.Delay(TimeSpan.FromSeconds(3), http.RequestAborted);
                        break;
                }

                var ids = (await JsonNode.ParseAsync(http.Request.Body))!["productIds"]!.AsArray()
                    .Select(id => id!.GetValue<Guid>());
                return Results.Json(ids.Select(
                    id => new { productId = id, sku = "FAKE-1", name = "Fake", unitPrice = 12.5m, currency = "EUR" }));
            });
            return app;
        }
    }

    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Identity:RateLimits:SignInPerMinute"] = "100000",
            ["Identity:RateLimits:RegisterPerMinute"] = "100000",
            ["Identity:RateLimits:TokenPerMinute"] = "100000",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return all;
    }

    /// <summary>A Host running <paramref name="modules"/> that trusts <paramref name="owner"/>'s tokens and sends it
    /// every other module's contracts.</summary>
    private static Dictionary<string, string?> RemoteTo(
        ShopHost owner,
        string modules,
        string? authority = null) => Settings(
        ("Modules:Enabled", modules),
        ("Auth:Issuer", owner.BaseAddress.ToString()),
        ("Auth:Authority", authority ?? owner.BaseAddress.ToString()),
        ("Modules:Remote:BaseUrl", owner.BaseAddress.ToString()),
        ("Modules:Remote:ClientId", Tokens.InternalClient),
        ("Modules:Remote:ClientSecret", Tokens.InternalClientSecret),
        ("Modules:Remote:AttemptTimeout", "00:00:05"),
        ("Modules:Remote:RetryDelay", "00:00:00.050"));

    private static async Task<(Guid Id, decimal Price)> FirstProduct(ShopHost host)
    {
        using var client = host.CreateHttpClient();
        var product = (await Json(await client.GetAsync("/api/catalog/products?pageSize=1")))["items"]![0]!;
        return (product["id"]!.GetValue<Guid>(), product["unitPrice"]!.GetValue<decimal>());
    }

    private static Task<HttpResponseMessage> Checkout(HttpClient client, object address)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/cart/checkout")
        {
            Content = JsonContent.Create(new { shippingAddress = address }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return client.SendAsync(request);
    }

    private static StringContent JsonBody(string json)
        => new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    private static async Task<JsonNode> Json(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("empty body");

    private static SortedDictionary<string, string[]> Errors(JsonNode errors) =>
        new(errors.AsObject().ToDictionary(
            e => e.Key,
            e => e.Value!.AsArray().Select(m => m!.GetValue<string>()).ToArray()), StringComparer.Ordinal);

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, (await Json(response))["status"]!.GetValue<int>());
    }
}

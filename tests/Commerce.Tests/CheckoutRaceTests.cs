using System.Net;
using BuildingBlocks.Modules;
using Microsoft.Extensions.DependencyInjection;
using Ordering.Contracts;
using TestSupport;

namespace Commerce.Tests;

/// <summary>
/// The cart's checkout removes what it ordered itself, in the flow that got Ordering's answer: nothing waits for the
/// echo of <see cref="OrderPlaced"/>. These Hosts never hand events over (<c>Messaging:RelayEnabled=false</c>), the
/// extreme of a late event, as on the scaled and split topologies where it comes back through the broker.
/// </summary>
public sealed class CheckoutRaceTests : IAsyncLifetime
{
    private ShopHost _host = null!;

    public Task InitializeAsync()
    {
        _host = new ShopHost(settings: new Dictionary<string, string?>(ShopFixture.TestSettings)
        {
            ["Messaging:RelayEnabled"] = "false",

            // One buyer holds more open orders and units here than a customer may (M4's limits, tested elsewhere).
            ["Ordering:CustomerLimits:OpenOrders"] = "0",
            ["Ordering:CustomerLimits:UnitsPerProduct"] = "0",
        });
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Alternating_add_and_checkout_orders_exactly_the_lines_added_since_the_previous_checkout()
    {
        var admin = await Accounts.Admin(_host);
        var mug = await Shop.CreateProduct(admin, stock: 500);
        var tea = await Shop.CreateProduct(admin, stock: 500);
        var buyer = await Accounts.Customer(_host);

        for (var round = 1; round <= 6; round++)
        {
            var added = new Dictionary<Guid, int> { [mug] = 1 };
            await Shop.Expect(await Shop.AddToCart(buyer, mug, 1), HttpStatusCode.OK, $"round {round}: add a mug");
            if (round % 2 == 0)
            {
                added[tea] = round;
                await Shop.Expect(
                    await Shop.AddToCart(buyer, tea, round),
                    HttpStatusCode.OK,
                    $"round {round}: add tea");
            }

            var checkout = await Shop.Checkout(buyer, $"round-{round}");
            await Shop.Expect(checkout, HttpStatusCode.Created, $"round {round}: checkout");
            Assert.Equal(added, (await checkout.Json()).Quantities());
            Assert.Empty((await (await buyer.GetAsync("/api/cart")).Json())["items"]!.AsArray());
        }
    }

    [Fact]
    public async Task A_line_added_while_a_checkout_runs_stays_in_the_cart()
    {
        var admin = await Accounts.Admin(_host);
        var mug = await Shop.CreateProduct(admin, stock: 500);
        var buyer = await Accounts.Customer(_host);
        await Shop.Expect(await Shop.AddToCart(buyer, mug, 2), HttpStatusCode.OK, "add two mugs");

        // The add lands between the checkout's read of the cart and its removal of the ordered lines: run both
        // many times at once; whichever order they take, the cart keeps exactly the units the checkouts did not order.
        var adds = 0;
        var ordered = 0;
        for (var i = 0; i < 10; i++)
        {
            var checkout = Shop.Checkout(buyer, $"concurrent-{i}");
            var add = Shop.AddToCart(buyer, mug, 1);
            await Shop.Expect(await add, HttpStatusCode.OK, "add during a checkout");
            adds++;
            using var answer = await checkout;
            if (answer.StatusCode == HttpStatusCode.Created)
            {
                ordered += (await answer.Json()).Quantities().GetValueOrDefault(mug);
            }
            else
            {
                Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
            }
        }

        var cart = await (await buyer.GetAsync("/api/cart")).Json();
        Assert.Equal(2 + adds - ordered, cart["totalQuantity"]!.GetValue<int>());
        Assert.True(ordered > 0, "at least one checkout ordered something");
    }

    [Fact]
    public async Task A_checkout_retried_after_its_answer_was_lost_returns_the_order_its_key_placed()
    {
        var admin = await Accounts.Admin(_host);
        var mug = await Shop.CreateProduct(admin, stock: 500);
        var tea = await Shop.CreateProduct(admin, stock: 500);
        var buyer = await Accounts.Customer(_host);
        await Shop.Expect(await Shop.AddToCart(buyer, mug, 2), HttpStatusCode.OK, "add two mugs");

        // The first attempt reached Ordering, which placed the order, and then its answer was lost (the cart's process
        // died, or Ordering's reply never came back): the order exists, the cart still holds its lines.
        var first = await PlaceForCheckout(buyer, "lost-answer", (mug, 2));
        await Shop.Expect(await Shop.AddToCart(buyer, tea, 1), HttpStatusCode.OK, "the buyer adds tea meanwhile");

        var retry = await Shop.Checkout(buyer, "lost-answer");
        await Shop.Expect(retry, HttpStatusCode.Created, "the retry");
        var order = await retry.Json();
        Assert.Equal(first, order["id"]!.GetValue<Guid>());
        Assert.Equal(new Dictionary<Guid, int> { [mug] = 2 }, order.Quantities());
        var cart = await (await buyer.GetAsync("/api/cart")).Json();
        Assert.Equal(new Dictionary<Guid, int> { [tea] = 1 }, cart.Quantities());
    }

    [Fact]
    public async Task A_checkout_retried_after_its_answer_was_lost_and_the_cart_emptied_returns_the_order_not_409()
    {
        var admin = await Accounts.Admin(_host);
        var mug = await Shop.CreateProduct(admin, stock: 500);
        var buyer = await Accounts.Customer(_host);
        await Shop.Expect(await Shop.AddToCart(buyer, mug, 1), HttpStatusCode.OK, "add a mug");
        var first = await PlaceForCheckout(buyer, "lost-then-empty", (mug, 1));
        await Shop.Expect(await buyer.DeleteAsync("/api/cart"), HttpStatusCode.NoContent, "the buyer empties the cart");

        var retry = await Shop.Checkout(buyer, "lost-then-empty");
        await Shop.Expect(retry, HttpStatusCode.Created, "the retry");
        Assert.Equal(first, (await retry.Json())["id"]!.GetValue<Guid>());
        Assert.Equal($"/api/orders/{first}", retry.Headers.Location?.ToString());

        var unused = await Shop.Checkout(buyer, "never-used");
        Assert.Equal(HttpStatusCode.Conflict, unused.StatusCode);
    }

    /// <summary>What the cart's checkout sends Ordering for the key, sent in-process here, its answer
    /// dropped.</summary>
    private async Task<Guid> PlaceForCheckout(
        HttpClient buyer,
        string key,
        params (Guid ProductId, int Quantity)[] items)
    {
        var customer = TokenSet.Claim(buyer.DefaultRequestHeaders.Authorization!.Parameter!, "sub")!;
        await using var scope = _host.Services.CreateAsyncScope();
        var placed = await scope.ServiceProvider.GetRequiredService<IModuleClient>().Send(new PlaceOrder(
            Guid.Parse(customer),
            $"checkout:{key}",
            items.Select(i => new OrderItemRequest(i.ProductId, i.Quantity)).ToList(),
            new ShippingAddress("Ada Lovelace", "1 Analytical St", null, "London", "N1 7AA", "GB"),
            SkipUnavailableProducts: true));
        Assert.True(placed.IsSuccess, placed.IsSuccess ? "" : placed.Error.Message);
        return placed.Value!.Id;
    }
}

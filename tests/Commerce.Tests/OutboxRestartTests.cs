using System.Net;
using TestSupport;

namespace Commerce.Tests;

public sealed class OutboxRestartTests
{
    [Fact]
    public async Task An_order_placed_while_no_relay_runs_is_confirmed_after_a_restart()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "shop-tests", Guid.NewGuid().ToString("N"));
        Guid orderId;
        Guid productId;
        int port;
        string accessToken;
        using (var first = new ShopHost(
            dataDirectory,
            settings: new Dictionary<string, string?>(ShopFixture.TestSettings)
            {
                ["Messaging:RelayEnabled"] = "false",
            }))
        {
            port = first.Port;
            var admin = await Accounts.Admin(first);
            productId = await Shop.CreateProduct(admin, stock: 3);
            accessToken = (await Tokens.RegisterAndSignInAsync(
                first,
                $"restart-{Guid.NewGuid():N}@example.com",
                "Str0ng-Passw0rd!",
                Accounts.CustomerScopes)).AccessToken;
            var customer = Accounts.Bearer(first, accessToken);
            var placed = await Shop.PlaceOrder(customer, "before-restart", (productId, 2));
            Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
            orderId = (await placed.Json())["id"]!.GetValue<Guid>();
            Assert.Equal(
                "Pending",
                (await (await customer.GetAsync($"/api/orders/{orderId}")).Json())["status"]!.GetValue<string>());
            Assert.Equal(3, await Shop.Stock(first.CreateHttpClient(), productId));
        }

        using var second = new ShopHost(dataDirectory, port, ShopFixture.TestSettings);
        var again = Accounts.Bearer(second, accessToken);
        var confirmed = await Shop.OrderReaching(again, orderId, "Confirmed", "Rejected");
        Assert.Equal("Confirmed", confirmed["status"]!.GetValue<string>());
        Assert.Equal(1, await Shop.Stock(second.CreateHttpClient(), productId));
    }
}

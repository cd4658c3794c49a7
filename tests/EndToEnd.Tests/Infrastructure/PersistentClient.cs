using System.Net;
using System.Text.Json.Nodes;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>What a well-behaved client does while an instance is down: it repeats a keyed order until it is
/// answered.</summary>
internal static class PersistentClient
{
    /// <summary>
    /// POST /api/orders with the same <c>Idempotency-Key</c> until 201: through 409 (the first attempt still holds the
    /// key), 502/503/504 and broken connections. Anything else is a failure of the shop.
    /// </summary>
    public static async Task<Guid> PlaceOrderAsync(HttpClient client, string key, Guid product, TimeSpan timeout) =>
        (await RepeatUntilCreatedAsync(() => Shop.PlaceOrder(client, key, (product, 1)), $"Order {key}", timeout))
        ["id"]!.GetValue<Guid>();

    /// <summary>POST /api/cart/items until 200, through 502/503/504 and broken connections (an add is not keyed: a
    /// repeat after a lost answer adds again, so only answers that say nothing was done are repeated).</summary>
    public static async Task<HttpResponseMessage> AddToCartAsync(HttpClient client, Guid product, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var response = await Shop.AddToCart(client, product, 1);
            if (response.StatusCode is not (HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable)
                || DateTime.UtcNow > deadline)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>POST /api/cart/checkout with the same <c>Idempotency-Key</c> until 201, as
    /// <see cref="PlaceOrderAsync"/>.</summary>
    public static Task<JsonNode> CheckoutAsync(HttpClient client, string key, TimeSpan timeout) =>
        RepeatUntilCreatedAsync(() => Shop.Checkout(client, key), $"Checkout {key}", timeout);

    private static async Task<JsonNode> RepeatUntilCreatedAsync(
        Func<Task<HttpResponseMessage>> send, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var attempts = new List<string>();
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await send();
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    return await response.Json();
                }

                var body = await response.Content.ReadAsStringAsync();
                // 409 only while the first attempt still holds the key; any other 409 ("the cart is empty") is a
                // wrong answer to a retry.
                var inFlight = response.StatusCode == HttpStatusCode.Conflict && body.Contains("still being processed");
                if (!inFlight && response.StatusCode is not (HttpStatusCode.BadGateway
                        or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout))
                {
                    throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {body}");
                }

                attempts.Add($"{(int)response.StatusCode}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                attempts.Add(e.GetType().Name);
            }

            // Back off a little before the next attempt, as a client would.
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        throw new TimeoutException($"{what} was not answered 201 within {timeout}: {string.Join(", ", attempts)}");
    }

    /// <summary>All of a customer's orders (every page), polled through answers other than 200.</summary>
    public static async Task<JsonArray> AllOrdersAsync(HttpClient client)
    {
        var all = new JsonArray();
        for (var page = 1; ; page++)
        {
            var json = await Eventually.Until(
                async () =>
                {
                    try
                    {
                        using var response = await client.GetAsync($"/api/orders?page={page}&pageSize=100");
                        return response.IsSuccessStatusCode ? await response.Json() : null;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        return null;
                    }
                },
                body => body is not null, TimeSpan.FromSeconds(60), "the order list should answer");
            var list = json!["items"]!.AsArray();
            var items = list.ToArray();
            list.Clear(); // a node belongs to one parent
            foreach (var item in items)
            {
                all.Add(item);
            }

            if (items.Length == 0 || all.Count >= json["totalCount"]!.GetValue<int>())
            {
                return all;
            }
        }
    }
}

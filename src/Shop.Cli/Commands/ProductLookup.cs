using System.Text.Json.Nodes;
using Shop.Cli.Api;

namespace Shop.Cli.Commands;

/// <summary>A product named by its id or by its SKU (what people remember).</summary>
internal static class ProductLookup
{
    public static async Task<Guid> IdAsync(ShopApi api, string reference, CancellationToken cancel)
    {
        if (Guid.TryParse(reference, out var id))
        {
            return id;
        }

        var found = await api.GetAsync(
            $"api/catalog/products?search={Uri.EscapeDataString(reference)}&pageSize=100", cancel, anonymous: true);
        var match = (found.Body?["items"] as JsonArray ?? []).FirstOrDefault(p =>
            string.Equals(p?["sku"]?.GetValue<string>(), reference, StringComparison.OrdinalIgnoreCase));
        return match is null
            ? throw new CliException(ExitCodes.NotFound, $"No product has the id or SKU '{reference}'.")
            : Guid.Parse(match["id"]!.GetValue<string>());
    }
}

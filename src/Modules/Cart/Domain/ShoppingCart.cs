using BuildingBlocks.Contracts;

namespace Cart.Domain;

/// <summary>One cart per user. Quantities only: prices always come from the catalog when the cart is shown.</summary>
internal sealed class ShoppingCart
{
    public const int MaxLines = 50;
    public const int MaxQuantity = 99;

    public Guid CustomerId { get; init; }
    public List<CartLine> Lines { get; init; } = [];

    /// <summary>The ETag, and the optimistic concurrency token: two writers never both win.</summary>
    public long Version { get; set; }
    public DateTime UpdatedAt { get; set; }

    public ContractError? Add(Guid productId, int quantity)
    {
        var line = Lines.Find(l => l.ProductId == productId);
        if (line is null)
        {
            return SetQuantity(productId, quantity);
        }

        return line.Quantity + quantity > MaxQuantity
            ? ContractError.Conflict($"A line holds at most {MaxQuantity} units; this one has {line.Quantity}.")
            : SetQuantity(productId, line.Quantity + quantity);
    }

    /// <summary>Sets a line's quantity; 0 removes it, a new product adds a line.</summary>
    public ContractError? SetQuantity(Guid productId, int quantity)
    {
        var line = Lines.Find(l => l.ProductId == productId);
        if (quantity == 0)
        {
            if (line is not null)
            {
                Lines.Remove(line);
            }

            return null;
        }

        if (line is not null)
        {
            line.Quantity = quantity;
            return null;
        }

        if (Lines.Count >= MaxLines)
        {
            return ContractError.Conflict($"A cart holds at most {MaxLines} lines.");
        }

        Lines.Add(new CartLine { ProductId = productId, Quantity = quantity });
        return null;
    }

    /// <summary>
    /// Takes out what an order took: each ordered quantity comes off its line, and a line with nothing left goes.
    /// Units added after the checkout read the cart stay, so an add racing a checkout is never lost nor ordered twice.
    /// </summary>
    public void RemoveOrdered(IEnumerable<(Guid ProductId, int Quantity)> ordered)
    {
        foreach (var (productId, quantity) in ordered)
        {
            if (Lines.Find(l => l.ProductId == productId) is not { } line)
            {
                continue;
            }

            line.Quantity -= quantity;
            if (line.Quantity <= 0)
            {
                Lines.Remove(line);
            }
        }
    }
}

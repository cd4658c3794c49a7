using BuildingBlocks.Contracts;

namespace Ordering.Domain;

/// <summary>
/// How much one customer may hold at once, so that nobody reserves a product's whole stock (issue #14, M4): units of
/// one product across their open (Pending or Confirmed) orders, and the number of open orders. Configured under
/// <see cref="Section"/>; 0 turns a limit off. Admins are exempt (the caller says so).
/// </summary>
internal sealed class CustomerLimits
{
    public const string Section = "Ordering:CustomerLimits";

    /// <summary>Units of one product a customer may have in their open orders together.</summary>
    public int UnitsPerProduct { get; set; } = 10;

    /// <summary>Open (Pending or Confirmed) orders a customer may have at once.</summary>
    public int OpenOrders { get; set; } = 5;

    /// <summary>Both limits turned off: nothing to check, so no order needs the customer's holdings.</summary>
    public bool Off => UnitsPerProduct <= 0 && OpenOrders <= 0;

    /// <summary>Null when a new order of <paramref name="lines"/> fits beside what the customer holds already.</summary>
    /// <param name="openOrders">The customer's open orders now.</param>
    /// <param name="openUnits">Units per product in those orders.</param>
    public ContractError? Check(
        int openOrders,
        IReadOnlyDictionary<Guid, int> openUnits,
        IEnumerable<(Guid ProductId, int Quantity)> lines)
    {
        if (OpenOrders > 0 && openOrders >= OpenOrders)
        {
            return ContractError.Conflict(
                $"Limit of {OpenOrders} open orders per customer reached: you have {openOrders} Pending or Confirmed "
                + "orders. Wait until one is shipped, or cancel one.");
        }

        if (UnitsPerProduct <= 0)
        {
            return null;
        }

        foreach (var (productId, quantity) in lines)
        {
            var held = openUnits.GetValueOrDefault(productId);
            if (held + quantity > UnitsPerProduct)
            {
                return ContractError.Conflict(
                    $"Limit of {UnitsPerProduct} units of one product per customer across open orders: you have "
                    + $"{held} of product {productId} in Pending or Confirmed orders, and this order adds {quantity}.");
            }
        }

        return null;
    }
}

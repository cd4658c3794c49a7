using Catalog.Domain;
using Microsoft.EntityFrameworkCore;

namespace Catalog.Persistence;

/// <summary>Development sample products; only when the catalog is empty.</summary>
internal static class CatalogSeed
{
    private static readonly (string Sku, string Name, string Description, decimal Price, int Stock)[] Products =
    [
        ("MUG-001", "Ceramic Mug", "A 350 ml stoneware mug.", 12.50m, 120),
        ("MUG-002", "Travel Mug", "Insulated, keeps coffee hot for 6 hours.", 24.90m, 60),
        ("TEE-001", "Logo T-Shirt", "Organic cotton, unisex fit.", 19.99m, 200),
        ("TEE-002", "Long Sleeve Tee", "Heavyweight cotton.", 29.00m, 80),
        ("HOOD-001", "Zip Hoodie", "Brushed fleece inside.", 49.00m, 40),
        ("CAP-001", "Baseball Cap", "Adjustable strap.", 17.50m, 90),
        ("BAG-001", "Canvas Tote", "Carries 15 kg.", 14.00m, 150),
        ("BAG-002", "Laptop Backpack", "Fits 16 inch laptops.", 79.00m, 30),
        ("NOTE-001", "Dot Grid Notebook", "A5, 192 pages.", 9.90m, 300),
        ("PEN-001", "Gel Pen Set", "Five colours.", 6.50m, 400),
        ("STK-001", "Sticker Pack", "Ten vinyl stickers.", 4.99m, 500),
        ("BTL-001", "Steel Bottle", "750 ml, double wall.", 27.00m, 70),
        ("SOCK-001", "Crew Socks", "Pack of three.", 11.00m, 160),
        ("KEY-001", "Mechanical Keyboard", "Hot-swap switches, 75% layout.", 129.00m, 25),
        ("MSE-001", "Wireless Mouse", "Silent clicks, USB-C.", 39.00m, 55),
        ("PAD-001", "Desk Mat", "90 x 40 cm.", 22.00m, 85),
        ("LMP-001", "Desk Lamp", "Dimmable LED.", 45.00m, 35),
        ("CBL-001", "USB-C Cable", "2 m, braided.", 12.00m, 250),
        ("HUB-001", "USB-C Hub", "Seven ports.", 59.00m, 45),
        ("STD-001", "Laptop Stand", "Aluminium, foldable.", 34.00m, 50),
        ("BOOK-001", "Modular Monoliths", "A field guide to module boundaries.", 39.50m, 100),
        ("BOOK-002", "Distributed Sagas", "Outboxes, inboxes and idempotency.", 42.00m, 100),
        ("PST-001", "Architecture Poster", "A2, matte.", 15.00m, 75),
        ("GIFT-025", "Gift Card 25", "Redeemable in the shop.", 25.00m, 1000),
    ];

    public static async Task SeedAsync(CatalogDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await db.Products.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.Products.AddRange(Products.Select(p => new Product
        {
            Sku = p.Sku, Name = p.Name, Description = p.Description, UnitPrice = p.Price, Stock = p.Stock,
            UpdatedAt = now,
        }));
        await db.SaveChangesAsync(cancellationToken);
    }
}

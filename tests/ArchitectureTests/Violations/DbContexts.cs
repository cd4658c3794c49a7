// Deliberate violations: a DbContext visible outside its module.
using Microsoft.EntityFrameworkCore;

namespace ArchitectureTests.Violations.DbContexts;

public sealed class ShippingDbContext(DbContextOptions<ShippingDbContext> options) : DbContext(options);

/// <summary>Fine: internal.</summary>
internal sealed class TrackingDbContext(DbContextOptions<TrackingDbContext> options) : DbContext(options);

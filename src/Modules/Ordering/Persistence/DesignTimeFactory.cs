using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Ordering.Persistence;

/// <summary>Lets <c>dotnet ef</c> build the context without starting the Host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<OrderingDbContext>
{
    public OrderingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<OrderingDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

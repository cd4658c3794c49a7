using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Cart.Persistence;

/// <summary>Lets <c>dotnet ef</c> build the context without starting the Host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CartDbContext>
{
    public CartDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CartDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

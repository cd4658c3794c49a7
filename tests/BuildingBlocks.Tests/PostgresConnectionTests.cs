using BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace BuildingBlocks.Tests;

public sealed class PostgresConnectionTests
{
    [Fact]
    public void A_module_on_PostgreSQL_prepares_the_statements_it_repeats()
    {
        var options = new DbContextOptionsBuilder()
            .UseModuleDatabase(DatabaseProvider.Postgres, "Catalog", "Host=db;Database=shop;Username=shop").Options;

        var used = new NpgsqlConnectionStringBuilder(RelationalOptionsExtension.Extract(options).ConnectionString);

        Assert.Equal(64, used.MaxAutoPrepare);
        Assert.Equal(2, used.AutoPrepareMinUsages);
        Assert.True(used.NoResetOnClose);
        Assert.Equal("db", used.Host);
        Assert.Equal("shop", used.Database);
    }

    [Theory]
    [InlineData("Host=db;Database=shop;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Database=shop;MaxAutoPrepare=10", 10)]
    public void A_connection_string_that_sets_auto_preparation_keeps_it(string connectionString, int expected)
    {
        var used = new NpgsqlConnectionStringBuilder(ModuleDbContextOptions.WithNpgsqlDefaults(connectionString));

        Assert.Equal(expected, used.MaxAutoPrepare);
    }

    [Fact]
    public void A_connection_string_that_asks_for_the_reset_on_close_keeps_it()
    {
        var used = new NpgsqlConnectionStringBuilder(
            ModuleDbContextOptions.WithNpgsqlDefaults("Host=db;Database=shop;No Reset On Close=false"));

        Assert.False(used.NoResetOnClose);
        Assert.Equal(64, used.MaxAutoPrepare);
    }
}

using System.Net;
using DataGrowth.Tests.Infrastructure;
using Npgsql;

namespace DataGrowth.Tests;

/// <summary>
/// The inbox through a crash (#17): the Host process is killed (SIGKILL) after an event was written into the
/// receiving module's inbox and while its handler's transaction is open. Nothing is lost (a restart completes it) and
/// nothing is applied twice. The Host runs as a process on PostgreSQL, where a table lock holds the handler in flight.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class KilledHandlerTests
{
    private const string ReserveStock = "Catalog.Features.Stock.ReserveStockForOrder";

    [PostgresFact]
    public async Task A_host_killed_between_the_inbox_write_and_the_handlers_commit_loses_and_duplicates_nothing()
    {
        var work = Places.NewFolder("killed-handler");
        var port = Ports.Free();
        using var postgres = new PostgresPlace();
        Guid product;
        Guid orderId;
        HttpClient customer;
        await using (var victim = await HostProcess.StartAsync(postgres.Settings, port, work))
        {
            using var admin = await Accounts.Admin(victim);
            product = await Shop.CreateProduct(admin, stock: 10);
            customer = await Accounts.Customer(victim);
            await using var hold = await ProductsLock.AcquireAsync(postgres.ConnectionString);
            using (var placed = await Shop.PlaceOrder(customer, "killed-mid-handler", (product, 3)))
            {
                await Shop.Expect(placed, HttpStatusCode.Created, "placing the order");
                orderId = (await placed.Json())["id"]!.GetValue<Guid>();
            }

            // OrderPlaced is in Catalog's inbox, claimed by the victim's inbox processor, whose handler waits on the
            // products table inside its transaction.
            await hold.WaitUntilSomeoneWaitsAsync(TimeSpan.FromSeconds(30));
            var (status, lockToken) = Assert.Single(await InboxRowsAsync(postgres, orderId));
            Assert.Equal(1, status); // Pending
            Assert.NotNull(lockToken);
            victim.Kill();
        }

        await using (var restarted = await HostProcess.StartAsync(postgres.Settings, port, work))
        {
            // The same address and keys: the customer's client and token work on the restarted Host.
            await Shop.OrderReaching(customer, orderId, TimeSpan.FromSeconds(60), "Confirmed");
            Assert.Equal(7, await Shop.Stock(customer, product));
            var (status, lockToken) = Assert.Single(await InboxRowsAsync(postgres, orderId));
            Assert.Equal(2, status); // Handled
            Assert.Null(lockToken);
            Assert.Equal(1, await ScalarAsync(postgres,
                "SELECT count(*) FROM catalog.stock_reservations WHERE \"OrderId\" = @order", orderId));
        }

        customer.Dispose();
    }

    private static async Task<List<(int Status, Guid? LockToken)>> InboxRowsAsync(PostgresPlace postgres, Guid order)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT \"Status\", \"LockToken\" FROM catalog.inbox_messages WHERE \"Consumer\" = @consumer "
            + "AND \"Payload\" LIKE '%' || @order || '%'",
            connection);
        query.Parameters.AddWithValue("consumer", ReserveStock);
        query.Parameters.AddWithValue("order", order.ToString());
        await using var reader = await query.ExecuteReaderAsync();
        var rows = new List<(int, Guid?)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetGuid(1)));
        }

        return rows;
    }

    private static async Task<long> ScalarAsync(PostgresPlace postgres, string sql, Guid order)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(sql, connection);
        query.Parameters.AddWithValue("order", order);
        return (long)(await query.ExecuteScalarAsync())!;
    }

    /// <summary>A session holding <c>catalog.products</c> in SHARE mode: reads go on, the stock updates wait.</summary>
    private sealed class ProductsLock(NpgsqlConnection session, NpgsqlTransaction transaction, string connection)
        : IAsyncDisposable
    {
        public static async Task<ProductsLock> AcquireAsync(string connection)
        {
            var session = new NpgsqlConnection(connection);
            await session.OpenAsync();
            var transaction = await session.BeginTransactionAsync();
            await using var command = new NpgsqlCommand(
                "LOCK TABLE catalog.products IN SHARE MODE", session, transaction);
            await command.ExecuteNonQueryAsync();
            return new ProductsLock(session, transaction, connection);
        }

        public Task WaitUntilSomeoneWaitsAsync(TimeSpan timeout) => Eventually.Until(
            async () =>
            {
                await using var probe = new NpgsqlConnection(connection);
                await probe.OpenAsync();
                await using var query = new NpgsqlCommand(
                    "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'catalog.products'::regclass",
                    probe);
                return (long)(await query.ExecuteScalarAsync())!;
            },
            waiting => waiting > 0,
            timeout,
            "the stock reservation should wait for the test's lock");

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await session.DisposeAsync();
        }
    }
}

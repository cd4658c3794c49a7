using TestSupport;

namespace Commerce.Tests;

/// <summary>
/// One real Host for a test class, and signed-in clients made through the real OAuth flow. On SQLite files by
/// default; with <c>SHOP_TEST_DATABASE=postgres</c> each fixture gets its own fresh PostgreSQL database.
/// </summary>
public sealed class ShopFixture : IAsyncLifetime
{
    /// <summary>
    /// Settings for every Host of these tests. On PostgreSQL they name one database for this test run, which
    /// only the tests that start their own Hosts use (a restart reopens the same database); each fixture replaces it
    /// with its own.
    /// </summary>
    public static readonly Dictionary<string, string?> TestSettings = WithTestDatabase(new()
    {
        // Tests sign in many users from one address.
        ["Identity:RateLimits:SignInPerMinute"] = "100000",
        ["Identity:RateLimits:RegisterPerMinute"] = "100000",
        ["Identity:RateLimits:TokenPerMinute"] = "100000",
    });

    private PostgresDatabase? _database;

    public ShopHost Host { get; private set; } = null!;

    /// <summary>What the Host logged.</summary>
    public CapturedLogs Logs { get; } = new();
    public HttpClient Anonymous => Host.CreateHttpClient();

    public Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>(TestSettings);
        if (PostgresDatabase.Requested)
        {
            _database = PostgresDatabase.Create();
            foreach (var (key, value) in _database.Settings)
            {
                settings[key] = value;
            }
        }

        Host = new ShopHost(settings: settings, configure: Logs.AddTo);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Host.Dispose();
        _database?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Asserts that EF Core logged no error: a race the code expects and handles (a unique key taken first, a version
    /// changed meanwhile) is not an error for an operator to chase.
    /// </summary>
    public void AssertNoDatabaseErrorLogged() => Assert.DoesNotContain(
        Logs.Lines, line => line.StartsWith("Error Microsoft.EntityFrameworkCore", StringComparison.Ordinal));

    public Task<HttpClient> Customer() => Accounts.Customer(Host);

    public Task<HttpClient> Admin() => Accounts.Admin(Host);

    private static Dictionary<string, string?> WithTestDatabase(Dictionary<string, string?> settings)
    {
        if (PostgresDatabase.Requested)
        {
            var database = PostgresDatabase.Create();

            // Best effort: the test runner may end this process first; the throwaway server goes with
            // `ci-postgres.sh stop`.
            AppDomain.CurrentDomain.ProcessExit += (_, _) => database.Dispose();
            foreach (var (key, value) in database.Settings)
            {
                settings[key] = value;
            }

            // The Hosts that share this database share its Identity keys, so they share one key-encryption key.
            settings[TestKeyEncryptionKey.Setting] = TestKeyEncryptionKey.Create(
                Path.Combine(Path.GetTempPath(), "shop-test-keys", $"kek-{Guid.NewGuid():N}.pfx"));
        }

        return settings;
    }
}

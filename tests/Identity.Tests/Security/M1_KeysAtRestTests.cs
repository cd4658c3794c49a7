using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Identity.Keys;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using TestSupport;

namespace Identity.Tests.Security;

/// <summary>M1: the keys in the Identity database are wrapped under a key-encryption key kept elsewhere, and the
/// database files are readable by their owner only.</summary>
public sealed class M1_KeysAtRestTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task M1_stored_keys_hold_no_key_in_clear()
    {
        using var host = new ShopHost();
        // A sign-in makes the Data Protection key ring (its antiforgery token) as well as the token keys.
        await Tokens.NewCustomerAsync(host);
        using var browser = host.CreateHttpClient(handleCookies: true);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/login")).StatusCode);
        var ring = host.Services.GetRequiredService<KeyRing>().Current;

        var rows = await ReadAsync(host, "SELECT Use, Material FROM SigningKeys", r => (r.GetString(0), (byte[])r[1]));
        Assert.Contains(rows, r => r.Item1 == SigningKeyRecord.Signing);
        foreach (var (use, material) in rows)
        {
            if (use == SigningKeyRecord.Signing)
            {
                Assert.ThrowsAny<CryptographicException>(() =>
                    X509CertificateLoader.LoadPkcs12(material, null, X509KeyStorageFlags.EphemeralKeySet));
            }
        }

        var encryptionKey = ring.EncryptionKey.Key;
        Assert.DoesNotContain(rows, r => r.Item2.AsSpan().IndexOf(encryptionKey) >= 0);
        foreach (var key in ring.SigningKeys)
        {
            using var rsa = key.Certificate.GetRSAPrivateKey()!;
            var secret = rsa.ExportParameters(includePrivateParameters: true).D!;
            Assert.DoesNotContain(rows, r => r.Item2.AsSpan().IndexOf(secret) >= 0);
        }

        var dataProtection = await ReadAsync(host, "SELECT Xml FROM DataProtectionKeys", r => r.GetString(0));
        Assert.NotEmpty(dataProtection);
        Assert.All(dataProtection, xml =>
        {
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task M1_database_files_are_readable_by_their_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes
        }

        using var host = new ShopHost();
        await Tokens.NewCustomerAsync(host);

        var files = Directory.GetFiles(host.DataDirectory, "*.db*");
        Assert.Contains(files, f => f.EndsWith("identity.db", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("-wal", StringComparison.Ordinal));
        foreach (var file in files)
        {
            Assert.True(File.GetUnixFileMode(file) == OwnerOnly, $"{file}: {File.GetUnixFileMode(file)}");
        }
    }

    [Fact]
    public void M1_outside_development_a_host_without_a_key_encryption_key_refuses_to_start()
    {
        var failure = Assert.ThrowsAny<Exception>(() => new ShopHost(
            settings: new Dictionary<string, string?>
            {
                ["AllowedHosts"] = "127.0.0.1", [TestKeyEncryptionKey.Setting] = "",
            },
            environment: "Production").Dispose());
        Assert.Contains(KeyEncryptionKey.Missing, failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task M1_development_makes_the_key_encryption_key_in_the_profile_readable_by_the_user_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // HOME and Unix file modes
        }

        var root = Path.Combine(Path.GetTempPath(), "shop-tests", Guid.NewGuid().ToString("N"));
        var home = Path.Combine(root, "home");
        Directory.CreateDirectory(home);

        var (exitCode, output) = await HostCommandAsync(home, Path.Combine(root, "data"), "migrate");

        Assert.True(exitCode == 0, output);
        var folder = Path.Combine(home, ".microsoft", "usersecrets", "shop-identity");
        var file = Path.Combine(folder, "key-encryption.pfx");
        Assert.True(File.Exists(file), output);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(file));
        Assert.Equal(OwnerOnly | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(file, null);
        Assert.True(certificate.HasPrivateKey);
        Assert.Empty(Directory.GetFiles(Path.Combine(root, "data"), "*.pfx", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task M1_tokens_survive_a_restart_with_the_same_key_and_another_key_refuses_to_start()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "shop-tests", Guid.NewGuid().ToString("N"));
        TokenSet tokens;
        int port;
        using (var first = new ShopHost(dataDirectory))
        {
            port = first.Port;
            tokens = await Tokens.NewCustomerAsync(first);
        }

        using (var second = new ShopHost(dataDirectory, port))
        {
            using var api = second.CreateAuthorizedClient(tokens.AccessToken);
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/identity/me")).StatusCode);
            tokens = await Tokens.RefreshAsync(second, tokens.RefreshToken!);
        }

        var other = TestKeyEncryptionKey.Create(dataDirectory + ".other-kek.pfx");
        var failure = Assert.ThrowsAny<Exception>(() => new ShopHost(
            dataDirectory, port, new Dictionary<string, string?> { [TestKeyEncryptionKey.Setting] = other }).Dispose());
        Assert.Contains("wrapped with the key-encryption key", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task M1_a_replaced_key_encryption_key_opens_the_keys_once_and_they_are_rewrapped_under_the_new_one()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "shop-tests", Guid.NewGuid().ToString("N"));
        var old = TestKeyEncryptionKey.For(dataDirectory);
        var replacement = TestKeyEncryptionKey.Create(dataDirectory + ".new-kek.pfx");
        TokenSet tokens;
        int port;
        using (var first = new ShopHost(dataDirectory))
        {
            port = first.Port;
            tokens = await Tokens.NewCustomerAsync(first);
        }

        using (var replacing = new ShopHost(dataDirectory, port, new Dictionary<string, string?>
        {
            [TestKeyEncryptionKey.Setting] = replacement,
            ["Identity:KeyEncryption:Previous:0:CertificatePath"] = old,
        }))
        {
            tokens = await Tokens.RefreshAsync(replacing, tokens.RefreshToken!);
        }

        // The old key is gone from the configuration (and may be destroyed): the new one alone opens everything.
        using var replaced = new ShopHost(
            dataDirectory, port, new Dictionary<string, string?> { [TestKeyEncryptionKey.Setting] = replacement });
        using var api = replaced.CreateAuthorizedClient(tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/identity/me")).StatusCode);
        await Tokens.RefreshAsync(replaced, tokens.RefreshToken!);
    }

    [Fact]
    public async Task M1_a_PEM_certificate_with_its_key_in_another_file_serves_as_the_key_encryption_key()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "shop-tests", Guid.NewGuid().ToString("N"));
        using var rsa = RSA.Create(2048);
        using var certificate = new CertificateRequest(
                "CN=Shop PEM key encryption", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var pem = dataDirectory + ".kek.crt";
        var key = dataDirectory + ".kek.key";
        Directory.CreateDirectory(Path.GetDirectoryName(pem)!);
        await File.WriteAllTextAsync(pem, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(key, rsa.ExportPkcs8PrivateKeyPem());

        using var host = new ShopHost(dataDirectory, settings: new Dictionary<string, string?>
        {
            [TestKeyEncryptionKey.Setting] = pem, ["Identity:KeyEncryption:KeyPath"] = key,
        });
        var tokens = await Tokens.NewCustomerAsync(host);

        Assert.Equal(certificate.Thumbprint, host.Services.GetRequiredService<KeyEncryptionKey>().Current.Thumbprint);
        using var api = host.CreateAuthorizedClient(tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/identity/me")).StatusCode);
    }

    private static async Task<List<T>> ReadAsync<T>(ShopHost host, string sql, Func<SqliteDataReader, T> read)
    {
        await using var connection = new SqliteConnection(
            new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(host.DataDirectory, "identity.db"), Mode = SqliteOpenMode.ReadOnly,
                Pooling = false,
            }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>Runs the built Host as a developer does, with <c>HOME</c> pointing at <paramref name="home"/>.</summary>
    private static async Task<(int ExitCode, string Output)> HostCommandAsync(
        string home, string dataDirectory, string command)
    {
        var hostDll = typeof(Program).Assembly.Location;
        var info = new ProcessStartInfo("dotnet", [hostDll, command, $"--Database:DataDirectory={dataDirectory}"])
        {
            WorkingDirectory = HostProjectFolder(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["HOME"] = home;
        info.Environment.Remove("APPDATA");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment.Remove("Identity__KeyEncryption__CertificatePath");
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, output + await error);
    }

    private static string HostProjectFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Monolith.sln")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder!.FullName, "src", "Host");
    }
}

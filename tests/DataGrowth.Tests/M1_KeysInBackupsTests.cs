using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DataGrowth.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DataGrowth.Tests;

/// <summary>M1: backups and copies carry the Identity keys as they are stored, wrapped under the key-encryption key,
/// which is never part of them: the same key opens them after a restore or a copy, and tokens issued before still
/// work.</summary>
public sealed class M1_KeysInBackupsTests
{
    private static readonly byte[] WrappedPrefix = "shop-wrapped-key:1\n"u8.ToArray();

    [Fact]
    public async Task M1_a_backup_holds_no_key_in_clear_and_a_restore_opens_the_same_keys_with_the_same_kek()
    {
        var work = Places.NewFolder("m1-backup");
        var port = Ports.Free();
        var original = Places.Sqlite(Path.Combine(work, "original"));
        TokenSet tokens;
        await using (var host = await HostProcess.StartAsync(original, port, work))
        {
            tokens = await Tokens.NewCustomerAsync(host);
        }

        var keys = await SqliteKeysAsync(Path.Combine(work, "original", "identity.db"));
        Assert.NotEmpty(keys);
        Assert.All(keys.Values, AssertWrapped);

        var backup = Path.Combine(work, "backup");
        var taken = await HostProcess.RunAsync(original, "backup", "--out", backup);
        Assert.True(taken.ExitCode == 0, taken.ToString());
        var files = Directory.GetFiles(backup, "*", SearchOption.AllDirectories);
        var text = string.Concat(files.Select(File.ReadAllText));
        // Carried as stored (wrapped), and nothing of the Data Protection ring in clear, nor the KEK itself.
        Assert.All(keys.Values, k => Assert.Contains(Convert.ToBase64String(k), text, StringComparison.Ordinal));
        Assert.Contains("encryptedSecret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("masterKey", text, StringComparison.Ordinal);
        Assert.DoesNotContain(files, f => f.EndsWith(".pfx", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            foreach (var file in files)
            {
                Assert.True(
                    File.GetUnixFileMode(file) == (UnixFileMode.UserRead | UnixFileMode.UserWrite),
                    $"{file}: {File.GetUnixFileMode(file)}");
            }
        }

        var restored = Places.Sqlite(Path.Combine(work, "restored"));
        var restore = await HostProcess.RunAsync(restored, "restore", "--from", backup);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Equal(keys, await SqliteKeysAsync(Path.Combine(work, "restored", "identity.db")));

        await using (var host = await HostProcess.StartAsync(restored, port, work))
        {
            await AssertTokensStillWorkAsync(host, tokens);
        }

        // Without its key-encryption key the restored shop does not start (rather than fail every request).
        var other = TestSupport.TestKeyEncryptionKey.Create(Path.Combine(work + "-other-kek.pfx"));
        var refused = await Assert.ThrowsAnyAsync<Exception>(async () => await (await HostProcess.StartAsync(
            restored.With(TestSupport.TestKeyEncryptionKey.Setting, other), port, work)).DisposeAsync());
        Assert.Contains("wrapped with the key-encryption key", refused.ToString(), StringComparison.Ordinal);
    }

    [PostgresFact]
    [Trait("Category", "Postgres")]
    public async Task M1_copy_data_to_PostgreSQL_carries_the_wrapped_keys_and_tokens_issued_before_still_work()
    {
        var work = Places.NewFolder("m1-copy");
        var port = Ports.Free();
        var monolith = Places.Sqlite(Path.Combine(work, "monolith"));
        TokenSet tokens;
        await using (var host = await HostProcess.StartAsync(monolith, port, work))
        {
            tokens = await Tokens.NewCustomerAsync(host);
        }

        using var postgres = new PostgresPlace();
        var copied = await HostProcess.RunAsync(
            monolith, "copy-data", "--to-provider", "Postgres", "--to-connection", postgres.ConnectionString);
        Assert.True(copied.ExitCode == 0, copied.ToString());

        var keys = await SqliteKeysAsync(Path.Combine(work, "monolith", "identity.db"));
        Assert.All(keys.Values, AssertWrapped);
        Assert.Equal(keys, await PostgresKeysAsync(postgres.ConnectionString));
        await using var onPostgres = await HostProcess.StartAsync(postgres.Settings, port, work);
        await AssertTokensStillWorkAsync(onPostgres, tokens);
    }

    private static async Task AssertTokensStillWorkAsync(HostProcess host, TokenSet tokens)
    {
        using var api = Accounts.Bearer(host, tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/identity/me")).StatusCode);
        Assert.False(string.IsNullOrEmpty((await Tokens.RefreshAsync(host, tokens.RefreshToken!)).AccessToken));
    }

    private static void AssertWrapped(byte[] material)
    {
        Assert.True(material.AsSpan().StartsWith(WrappedPrefix), Encoding.UTF8.GetString(material.AsSpan(0, 16)));
        Assert.ThrowsAny<CryptographicException>(
            () => X509CertificateLoader.LoadPkcs12(material, null, X509KeyStorageFlags.EphemeralKeySet));
    }

    private static async Task<Dictionary<Guid, byte[]>> SqliteKeysAsync(string file)
    {
        await using var connection = new SqliteConnection(
            new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }
                .ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id, Material FROM SigningKeys";
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new Dictionary<Guid, byte[]>();
        while (await reader.ReadAsync())
        {
            keys[reader.GetGuid(0)] = (byte[])reader[1];
        }

        return keys;
    }

    private static async Task<Dictionary<Guid, byte[]>> PostgresKeysAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT \"Id\", \"Material\" FROM identity.\"SigningKeys\"", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new Dictionary<Guid, byte[]>();
        while (await reader.ReadAsync())
        {
            keys[reader.GetGuid(0)] = (byte[])reader[1];
        }

        return keys;
    }
}

using System.Security.Cryptography.X509Certificates;
using BuildingBlocks.Auth;
using BuildingBlocks.Persistence;
using Identity.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace Identity.Keys;

/// <summary>
/// The keys currently published, loaded from the module database. OpenIddict signs with them and,
/// in this process, bearer validation uses them directly (<see cref="ILocalSigningKeys"/>).
/// </summary>
internal sealed class KeyRing(
    IServiceScopeFactory scopes, IOptions<IdentitySettings> settings, TimeProvider clock,
    IOptionsMonitorCache<OpenIddictServerOptions> serverOptions, KeyWrap wrap,
    ILogger<KeyRing> logger) : ILocalSigningKeys, IDisposable
{
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile Snapshot? _current;

    public IEnumerable<SecurityKey> ValidationKeys() => Current.SigningKeys;

    public Snapshot Current => _current ?? LoadNow();

    public void Dispose() => _refreshing.Dispose();

    /// <summary>Creates the keys the schedule asks for, drops expired ones and reloads the ring.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        IAsyncDisposable? exclusive = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            var now = clock.GetUtcNow().UtcDateTime;
            var stored = await db.SigningKeys.ToListAsync(cancellationToken);

            var due = KeySchedule.Due(stored, now, settings.Value.Keys, settings.Value.LongestTokenLifetime);
            var expired = KeySchedule.Expired(stored, now).ToList();
            // Hosts sharing a database server write their keys one at a time, and a later one decides again on what
            // the one before it stored: one ring for all, so that a token one Host signs or encrypts (a refresh
            // token) is one every other Host can read. Each making its own at a first start left them apart until
            // their next refresh.
            if (due.Count > 0 || expired.Count > 0)
            {
                exclusive = await StartupLock.TakeAsync(db.Database, IdentityModule.ModuleName, cancellationToken);
            }

            if (exclusive is not null)
            {
                var again = await db.SigningKeys.ToListAsync(cancellationToken);
                if (!again.Select(k => k.Id).ToHashSet().SetEquals(stored.Select(k => k.Id)))
                {
                    stored = again;
                    due = KeySchedule.Due(stored, now, settings.Value.Keys, settings.Value.LongestTokenLifetime);
                    expired = KeySchedule.Expired(stored, now).ToList();
                }
            }

            var material = stored.Except(expired).ToDictionary(k => k.Id, k => wrap.Unwrap(k.Material));
            foreach (var key in due)
            {
                // Only the wrapped material is stored; this process keeps the clear one in memory.
                material[key.Id] = key.Material;
                key.Material = wrap.Wrap(key.Material);
            }

            if (due.Count > 0 || expired.Count > 0)
            {
                db.SigningKeys.AddRange(due);
                db.SigningKeys.RemoveRange(expired);
                await db.SaveChangesAsync(cancellationToken);
                logger.LogInformation(
                    "Key ring: {Created} key(s) created, {Removed} expired key(s) removed",
                    due.Count,
                    expired.Count);
            }

            _current = Snapshot.From(stored.Except(expired).Concat(due), material);

            // OpenIddict picks the signing key when it builds its options: rebuild them so that a key whose time has
            // come signs.
            serverOptions.TryRemove(Options.DefaultName);
        }
        finally
        {
            if (exclusive is not null)
            {
                await exclusive.DisposeAsync();
            }

            _refreshing.Release();
        }
    }

    private Snapshot LoadNow()
    {
        // Only reached if a request comes before the start-up refresh finished.
        RefreshAsync(CancellationToken.None).GetAwaiter().GetResult();
        return _current!;
    }

    internal sealed record Snapshot(IReadOnlyList<X509SecurityKey> SigningKeys, SymmetricSecurityKey EncryptionKey)
    {
        public static Snapshot From(IEnumerable<SigningKeyRecord> records, IReadOnlyDictionary<Guid, byte[]> material)
        {
            var list = records.ToList();
            var signing = list.Where(r => r.Use == SigningKeyRecord.Signing)
                .OrderByDescending(r => r.ActivatesAt)
                .Select(r => new X509SecurityKey(
                    X509CertificateLoader.LoadPkcs12(material[r.Id], null, X509KeyStorageFlags.EphemeralKeySet)))
                .ToList();
            var encryption = list.Where(r => r.Use == SigningKeyRecord.Encryption).OrderBy(r => r.CreatedAt).First();
            return new Snapshot(
                signing,
                new SymmetricSecurityKey(material[encryption.Id]) { KeyId = encryption.Id.ToString("N") });
        }
    }
}

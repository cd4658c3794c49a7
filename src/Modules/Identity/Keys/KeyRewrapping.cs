using System.Xml.Linq;
using Identity.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Identity.Keys;

/// <summary>
/// Brings every stored key under the current key-encryption key: rows kept in clear by an older version, and rows
/// wrapped under a replaced key (<c>Identity:KeyEncryption:Previous</c>). Runs at each start and as the
/// <c>rewrap-keys</c> command. A row no configured key opens stops the start with a message that names the key.
/// </summary>
internal sealed class KeyRewrapping(KeyWrap wrap, ILogger<KeyRewrapping> logger)
{
    public async Task<int> RewrapAsync(IdentityDbContext db, CancellationToken cancellationToken)
    {
        var changed = 0;
        foreach (var key in await db.SigningKeys.ToListAsync(cancellationToken))
        {
            if (KeyWrap.WrappedUnder(key.Material) != wrap.CurrentName)
            {
                key.Material = wrap.Wrap(wrap.Unwrap(key.Material));
                changed++;
            }
        }

        foreach (var key in await db.DataProtectionKeys.ToListAsync(cancellationToken))
        {
            if (key.Xml is null)
            {
                continue;
            }

            var xml = XElement.Parse(key.Xml);
            if (wrap.RewrapDataProtectionKey(xml))
            {
                key.Xml = xml.ToString(SaveOptions.DisableFormatting);
                changed++;
            }
        }

        if (changed > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogWarning(
                "Key ring: {Count} stored key(s) re-wrapped under the key-encryption key {Kek}",
                changed,
                wrap.CurrentName);
        }

        return changed;
    }
}

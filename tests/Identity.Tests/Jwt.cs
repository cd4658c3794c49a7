using System.Security.Claims;
using System.Text;
using BuildingBlocks.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TestSupport;

namespace Identity.Tests;

/// <summary>Reads real tokens and mints bad ones.</summary>
internal static class Jwt
{
    public static JsonWebToken Read(string token) => new(token);

    /// <summary>The key the Host signs with right now (taken from its key ring), to mint tokens that differ from real
    /// ones in one respect only.</summary>
    public static SecurityKey HostSigningKey(ShopHost host, string kid) =>
        host.Services.GetRequiredService<ILocalSigningKeys>().ValidationKeys().Single(k => k.KeyId == kid);

    public static string Mint(
        SecurityKey key,
        string issuer,
        string audience,
        string subject,
        DateTime expires,
        string scope = "cart orders",
        DateTime? notBefore = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(
                [new Claim("sub", subject), new Claim("scope", scope), new Claim("role", "customer")]),
            IssuedAt = expires < now ? expires.AddMinutes(-15) : now,
            NotBefore = notBefore ?? (expires < now ? expires.AddMinutes(-15) : now),
            Expires = expires,
            TokenType = "at+jwt",
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>The same payload signed again with a header whose <c>typ</c> is <paramref name="typ"/> (none when
    /// null).</summary>
    public static string Retyped(SecurityKey key, string token, string? typ)
    {
        var header = new Dictionary<string, string> { ["alg"] = SecurityAlgorithms.RsaSha256, ["kid"] = key.KeyId };
        if (typ is not null)
        {
            header["typ"] = typ;
        }

        var signed = Base64UrlEncoder.Encode(System.Text.Json.JsonSerializer.Serialize(header)) + "."
            + token.Split('.')[1];
        var signature = key.CryptoProviderFactory.CreateForSigning(key, SecurityAlgorithms.RsaSha256)
            .Sign(Encoding.ASCII.GetBytes(signed));
        return signed + "." + Base64UrlEncoder.Encode(signature);
    }

    public static SecurityKey ForeignKey()
        => new RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)) { KeyId = "not-ours" };

    /// <summary>The same claims with <c>alg: none</c> and no signature.</summary>
    public static string Unsigned(string token)
    {
        var parts = token.Split('.');
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"at+jwt"}""");
        return $"{header}.{parts[1]}.";
    }

    /// <summary>The payload changed after signing (another <c>sub</c>), the signature kept.</summary>
    public static string Tampered(string token)
    {
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1]));
        var changed = payload.Replace("\"scope\":\"", "\"scope\":\"catalog.admin ", StringComparison.Ordinal);
        if (changed == payload)
        {
            throw new InvalidOperationException("The token has no scope claim to tamper with.");
        }

        return $"{parts[0]}.{Base64UrlEncoder.Encode(changed)}.{parts[2]}";
    }

    public static string Audience => ShopClaims.Audience;
}

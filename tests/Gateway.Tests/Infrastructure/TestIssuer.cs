using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// Signs access tokens the way the Identity module does (RS256, <c>aud</c> shop-api, <c>iss</c> the gateway's URL),
/// with a key whose JWKS a <see cref="Backend"/> serves: load-balancing tests need valid tokens without a whole Host.
/// </summary>
public sealed class TestIssuer
{
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N") };

    public TestIssuer(string issuer) => Issuer = issuer;

    public string Issuer { get; }

    public string Token(
        string sub,
        string scope,
        TimeSpan? lifetime = null,
        string[]? roles = null,
        SecurityKey? signWith = null)
    {
        var now = DateTime.UtcNow;
        var claims = new List<Claim> { new("sub", sub), new("scope", scope) };
        claims.AddRange((roles ?? []).Select(r => new Claim("role", r)));
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(15));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = "shop-api",
            Subject = new ClaimsIdentity(claims),
            IssuedAt = expires < now ? expires.AddMinutes(-15) : now,
            NotBefore = expires < now ? expires.AddMinutes(-15) : now,
            Expires = expires,
            TokenType = "at+jwt",
            SigningCredentials = new SigningCredentials(signWith ?? _key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>A valid token's payload signed again with the published key, its header's <c>typ</c> set (none when
    /// null).</summary>
    public string Retyped(string token, string? typ)
    {
        var header = new Dictionary<string, string> { ["alg"] = SecurityAlgorithms.RsaSha256, ["kid"] = _key.KeyId! };
        if (typ is not null)
        {
            header["typ"] = typ;
        }

        var signed = Base64UrlEncoder.Encode(JsonSerializer.Serialize(header)) + "." + token.Split('.')[1];
        var signature = _key.Rsa.SignData(System.Text.Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1);
        return signed + "." + Base64UrlEncoder.Encode(signature);
    }

    /// <summary>A well-formed token signed by a key nobody published.</summary>
    public string Forged(string sub, string scope) =>
        Token(sub, scope, signWith: new RsaSecurityKey(RSA.Create(2048)) { KeyId = _key.KeyId });

    public string Discovery() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["issuer"] = Issuer,
        ["jwks_uri"] = $"{Issuer}.well-known/jwks",
        ["authorization_endpoint"] = $"{Issuer}connect/authorize",
        ["token_endpoint"] = $"{Issuer}connect/token",
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
    });

    public string Jwks()
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(
            new RsaSecurityKey(_key.Rsa.ExportParameters(false)) { KeyId = _key.KeyId });
        return JsonSerializer.Serialize(new { keys = new[]
        {
            new { kty = jwk.Kty, use = "sig", kid = jwk.Kid, alg = "RS256", n = jwk.N, e = jwk.E } },
        });
    }
}

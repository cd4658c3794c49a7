using System.Security.Claims;
using System.Security.Cryptography;
using BuildingBlocks.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BuildingBlocks.Tests;

public sealed class ValidatedTokenTests
{
    private const string Issuer = "https://shop.test/";
    private static readonly RsaSecurityKey Key = new(RSA.Create(2048)) { KeyId = "current" };
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_remembered_token_is_checked_again_after_the_max_age_so_a_withdrawn_key_stops_working()
    {
        var handler = new CachingJsonWebTokenHandler(100, TimeSpan.FromMinutes(5), _clock);
        var token = Token("ada");
        Assert.True((await handler.ValidateTokenAsync(token, Parameters(Key))).IsValid);

        // The key is gone from the JWKS: the remembered token still passes, without a signature check...
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);

        // ...until the max age, when it is checked again and refused.
        _clock.Now += TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1);
        Assert.False((await handler.ValidateTokenAsync(token, Parameters())).IsValid);
    }

    [Fact]
    public async Task A_token_is_remembered_only_under_its_exact_text_and_only_once_it_passed()
    {
        var handler = new CachingJsonWebTokenHandler(100, TimeSpan.FromMinutes(5), _clock);
        var token = Token("ada");
        Assert.False((await handler.ValidateTokenAsync(token, Parameters())).IsValid);
        Assert.True((await handler.ValidateTokenAsync(token, Parameters(Key))).IsValid);

        var forged = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");
        Assert.False((await handler.ValidateTokenAsync(forged, Parameters(Key))).IsValid);
        var otherAudience = Token("ada", audience: "someone-else");
        Assert.False((await handler.ValidateTokenAsync(otherAudience, Parameters(Key))).IsValid);
    }

    [Fact]
    public async Task Each_validation_gets_its_own_identity()
    {
        var handler = new CachingJsonWebTokenHandler(100, TimeSpan.FromMinutes(5), _clock);
        var token = Token("ada");
        var first = await handler.ValidateTokenAsync(token, Parameters(Key));
        first.ClaimsIdentity.AddClaim(new Claim(ShopClaims.Role, ShopRoles.Admin));

        var second = await handler.ValidateTokenAsync(token, Parameters());
        var third = await handler.ValidateTokenAsync(token, Parameters());
        Assert.True(second.IsValid);
        Assert.Equal("ada", second.ClaimsIdentity.FindFirst(ShopClaims.Subject)?.Value);
        Assert.Null(second.ClaimsIdentity.FindFirst(ShopClaims.Role));
        Assert.NotSame(second.ClaimsIdentity, third.ClaimsIdentity);
    }

    [Fact]
    public async Task A_full_memory_makes_room_and_keeps_validating()
    {
        var handler = new CachingJsonWebTokenHandler(2, TimeSpan.FromMinutes(5), _clock);
        var tokens = Enumerable.Range(0, 5).Select(i => Token($"user-{i}")).ToList();
        foreach (var token in tokens)
        {
            Assert.True((await handler.ValidateTokenAsync(token, Parameters(Key))).IsValid);
        }

        // The memory holds at most two: the first tokens were dropped and need the key again.
        Assert.False((await handler.ValidateTokenAsync(tokens[0], Parameters())).IsValid);
        Assert.True((await handler.ValidateTokenAsync(tokens[0], Parameters(Key))).IsValid);
    }

    private static string Token(
        string subject,
        string audience = ShopClaims.Audience) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = audience,
        Subject = new ClaimsIdentity([new Claim(ShopClaims.Subject, subject)]),
        Expires = DateTime.UtcNow.AddHours(1),
        SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.RsaSha256),
    });

    private static TokenValidationParameters Parameters(params SecurityKey[] keys) => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = ShopClaims.Audience,
        IssuerSigningKeys = keys,
        ValidateIssuerSigningKey = true,
        RequireSignedTokens = true,
        NameClaimType = ShopClaims.Subject,
        RoleClaimType = ShopClaims.Role,
    };
}

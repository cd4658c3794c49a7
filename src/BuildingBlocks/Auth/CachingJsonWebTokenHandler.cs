using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BuildingBlocks.Auth;

/// <summary>
/// JWT validation that remembers the tokens it accepted. The signature check and the claims parsing are most of
/// what a request costs at the gateway, and a client sends the same token for its whole life. Only a token that
/// passed every check is remembered, under its exact text, until its own expiry and at most <c>maxAge</c>: a key
/// withdrawn from the JWKS then stops working within that time once the keys are refreshed, which is the
/// refresh's own delay already. Each request gets its own copy of the identity.
/// </summary>
internal sealed class CachingJsonWebTokenHandler(
    int capacity,
    TimeSpan maxAge,
    TimeProvider clock) : JsonWebTokenHandler
{
    private readonly ConcurrentDictionary<string, Validated> _validated = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(
        string token,
        TokenValidationParameters validationParameters)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_validated.TryGetValue(token, out var known))
        {
            if (now < known.Until)
            {
                return known.Copy();
            }

            _validated.TryRemove(new KeyValuePair<string, Validated>(token, known));
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result is { IsValid: true, SecurityToken: JsonWebToken jwt, ClaimsIdentity: { } identity })
        {
            var until = jwt.ValidTo < now + maxAge ? jwt.ValidTo : now + maxAge;
            if (until > now)
            {
                MakeRoom(now);
                _validated[token] = new Validated(identity.Clone(), jwt, result.Issuer, result.TokenType, until);
            }
        }

        return result;
    }

    // Misses only: a full memory first drops what expired, and if that is not enough, everything.
    private void MakeRoom(DateTime now)
    {
        if (_validated.Count < capacity)
        {
            return;
        }

        foreach (var (token, validated) in _validated)
        {
            if (validated.Until <= now)
            {
                _validated.TryRemove(new KeyValuePair<string, Validated>(token, validated));
            }
        }

        if (_validated.Count >= capacity)
        {
            _validated.Clear();
        }
    }

    private sealed record Validated(
        ClaimsIdentity Identity,
        JsonWebToken Token,
        string Issuer,
        string TokenType,
        DateTime Until)
    {
        public TokenValidationResult Copy() => new()
        {
            IsValid = true,
            ClaimsIdentity = Identity.Clone(),
            SecurityToken = Token,
            Issuer = Issuer,
            TokenType = TokenType,
        };
    }
}

using System.Net;
using TestSupport;

namespace Identity.Tests.Security;

/// <summary>L3: the APIs (BuildingBlocks' bearer validation) accept access tokens only (<c>typ: at+jwt</c>).</summary>
[Collection(IdentityCollection.Name)]
public sealed class L3_AccessTokenTypeTests(IdentityHost fixture)
{
    private readonly ShopHost _host = fixture.Host;

    [Fact]
    public async Task L3_a_token_typed_JWT_foo_or_untyped_is_refused_by_the_apis_and_at_jwt_passes()
    {
        var real = await Tokens.NewCustomerAsync(_host);
        var key = Jwt.HostSigningKey(_host, Jwt.Read(real.AccessToken).Kid);
        using (var client = _host.CreateAuthorizedClient(Jwt.Retyped(key, real.AccessToken, "at+jwt")))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/identity/me")).StatusCode);
        }

        foreach (var typ in new[] { "JWT", "foo", null })
        {
            using var client = _host.CreateAuthorizedClient(Jwt.Retyped(key, real.AccessToken, typ));
            var response = await client.GetAsync("/api/identity/me");
            Assert.True(
                response.StatusCode == HttpStatusCode.Unauthorized,
                $"typ {typ ?? "(none)"}: {(int)response.StatusCode}");
        }
    }
}

using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Security;

/// <summary>L3: the gateway accepts access tokens only (<c>typ: at+jwt</c>), not any JWT signed by the same
/// key.</summary>
public sealed class L3_AccessTokenTypeTests : IAsyncLifetime
{
    private Rig _rig = null!;

    public async Task InitializeAsync() => _rig = await Rig.StartAsync(1);

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task L3_a_token_typed_JWT_foo_or_untyped_is_refused_at_the_edge_and_at_jwt_passes()
    {
        var token = _rig.Issuer.Token("erin", "cart");
        using (var client = _rig.Gateway.CreatePublicClient(_rig.Issuer.Retyped(token, "at+jwt")))
        {
            // The re-signing itself keeps a token valid: the refusals below are about the type only.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/cart")).StatusCode);
        }

        foreach (var typ in new[] { "JWT", "foo", null })
        {
            using var client = _rig.Gateway.CreatePublicClient(_rig.Issuer.Retyped(token, typ));
            using var response = await client.GetAsync("/api/cart");
            Assert.True(
                response.StatusCode == HttpStatusCode.Unauthorized,
                $"typ {typ ?? "(none)"}: {(int)response.StatusCode}");
        }

        Assert.Equal(1, _rig.Backends[0].Count("/api/cart"));
    }
}

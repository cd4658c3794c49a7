using System.Net;
using TestSupport;

namespace Identity.Tests.Security;

/// <summary>L4: a client-credentials token has no user: <c>/connect/userinfo</c> refuses it, it does not
/// fail.</summary>
[Collection(IdentityCollection.Name)]
public sealed class L4_UserInfoWithServiceTokenTests(IdentityHost fixture)
{
    private readonly ShopHost _host = fixture.Host;

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task L4_userinfo_with_a_client_credentials_token_is_refused_not_500(string method)
    {
        var service = await Tokens.ClientCredentialsAsync(_host);
        using var client = _host.CreateAuthorizedClient(service.AccessToken);

        var response = method == "GET"
            ? await client.GetAsync("/connect/userinfo")
            : await client.PostAsync("/connect/userinfo", Tokens.Form([]));

        Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden,
            $"userinfo answered {(int)response.StatusCode}");
    }
}

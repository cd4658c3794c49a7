namespace ShopClient;

/// <summary>Where a shop answers: a Host under test, a gateway, any deployment reachable over HTTP(S).</summary>
public interface IShopEndpoint
{
    Uri BaseAddress { get; }

    /// <summary>A client that does not follow redirects, so tests see the raw answers; cookies only when
    /// asked.</summary>
    HttpClient CreateHttpClient(bool handleCookies = false);
}

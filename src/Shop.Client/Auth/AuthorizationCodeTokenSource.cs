using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Shop.Client.Auth;

/// <summary>
/// Signs a user in from a native app (RFC 8252): the authorization code grant with PKCE (S256), the browser
/// redirected back to a loopback address this source listens on for the one answer. <paramref name="openBrowser"/>
/// opens the authorization URL in the user's browser (or, in tests, plays the user). The redirect URI must be
/// registered for the client; with none given, <c>http://127.0.0.1:{free port}/callback/</c>.
/// </summary>
public sealed class AuthorizationCodeTokenSource(
    TokenEndpointClient endpoint,
    string clientId,
    string scope,
    Func<Uri, CancellationToken, Task> openBrowser,
    Uri? redirectUri = null)
    : TokenSource(endpoint, clientId)
{
    /// <summary>How long the user has to sign in before the flow gives up.</summary>
    public TimeSpan SignInTimeout { get; set; } = TimeSpan.FromMinutes(5);

    protected override async Task<TokenSet> AcquireAsync(CancellationToken cancellationToken)
    {
        var redirect = redirectUri ?? new Uri($"http://127.0.0.1:{FreePort()}/callback/");
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var state = Base64Url(RandomNumberGenerator.GetBytes(16));

        using var listener = new HttpListener();
        listener.Prefixes.Add(Prefix(redirect));
        listener.Start();
        var authorize = new UriBuilder(Endpoint.Endpoints.Authorization)
        {
            Query = string.Join('&', new Dictionary<string, string>
            {
                ["client_id"] = ClientId, ["response_type"] = "code", ["scope"] = scope,
                ["redirect_uri"] = redirect.AbsoluteUri, ["state"] = state, ["code_challenge"] = challenge,
                ["code_challenge_method"] = "S256",
            }.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")),
        }.Uri;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SignInTimeout);
        var callback = listener.GetContextAsync().WaitAsync(timeout.Token);
        // Not awaited before the callback: a browser (or a test playing one) may wait for the page this listener
        // sends back.
        var browsing = openBrowser(authorize, timeout.Token);
        var context = await callback;
        var query = System.Web.HttpUtility.ParseQueryString(context.Request.Url?.Query ?? "");
        await AnswerBrowserAsync(context.Response, query["error"] is null);
        await browsing;

        if (query["error"] is { } error)
        {
            throw new OAuthException(error, query["error_description"]);
        }

        if (query["state"] != state || query["code"] is not { } code)
        {
            throw new OAuthException("invalid_response", "The redirect did not carry this sign-in's state and code.");
        }

        return await Endpoint.RequestTokenAsync(
            new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirect.AbsoluteUri,
                ["client_id"] = ClientId, ["code_verifier"] = verifier,
            },
            cancellationToken);
    }

    private static async Task AnswerBrowserAsync(HttpListenerResponse response, bool success)
    {
        var page = Encoding.UTF8.GetBytes(success
            ? "<!doctype html><title>Signed in</title><p>You are signed in. You can close this window."
            : "<!doctype html><title>Not signed in</title><p>The sign-in did not complete. You can close this window.");
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength64 = page.Length;
        await response.OutputStream.WriteAsync(page);
        response.Close();
    }

    private static string Prefix(Uri redirect)
    {
        var path = redirect.AbsolutePath.EndsWith('/') ? redirect.AbsolutePath : redirect.AbsolutePath + "/";
        return $"{redirect.Scheme}://{redirect.Host}:{redirect.Port}{path}";
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

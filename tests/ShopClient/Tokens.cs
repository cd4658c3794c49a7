using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace ShopClient;

/// <summary>What the token endpoint answered.</summary>
public sealed record TokenSet(string AccessToken, string? RefreshToken, string? IdToken, int ExpiresIn, string Scope)
{
    public bool HasScope(string scope) => Scope.Split(' ').Contains(scope, StringComparer.Ordinal);

    /// <summary>The token's <c>sub</c>: the user id (a UUID) for a user, the client id for client
    /// credentials.</summary>
    public string Subject
        => AccessTokenClaim("sub") ?? throw new InvalidOperationException("The access token has no sub.");

    public Guid UserId => Guid.Parse(Subject);

    /// <summary>A claim of the access token's payload (read, not validated: the servers validate).</summary>
    public string? AccessTokenClaim(string name) => Claim(AccessToken, name);

    public static string? Claim(string jwt, string name)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            throw new InvalidOperationException("Not a signed JWT (header.payload.signature).");
        }

        using var payload = JsonDocument.Parse(WebEncoders.Base64UrlDecode(parts[1]));
        if (!payload.RootElement.TryGetProperty(name, out var value))
        {
            return null;
        }

        // A claim with several values (scope as an array) reads as the space-separated list OAuth uses.
        return value.ValueKind == JsonValueKind.Array
            ? string.Join(' ', value.EnumerateArray().Select(v => v.ToString()))
            : value.ToString();
    }
}

/// <summary>
/// Tokens the way a real client gets them: registration, then the authorization code flow with PKCE
/// driven through the sign-in form (authorize, login page, form post, code, token). Uses the
/// Development clients and admin of appsettings.Development.json.
/// </summary>
public static partial class Tokens
{
    public const string Storefront = "storefront";
    public const string StorefrontRedirectUri = "http://localhost:5173/callback";
    public const string CustomerScopes = "openid profile email roles offline_access cart orders";
    public const string AdminScopes = "openid profile email roles offline_access catalog.admin cart orders";
    public const string AdminEmail = "admin@example.com";
    public const string AdminPassword = "Admin#2026dev";
    public const string InternalClient = "internal-services";
    public const string InternalClientSecret = "dev-internal-services-secret-0f-32-chars";
    public const string CustomerPassword = "Passw0rd!x-2026";

    /// <summary>A fresh customer account (POST /api/identity/register, expects 201), then
    /// <see cref="SignInAsync"/>.</summary>
    public static async Task<TokenSet> RegisterAndSignInAsync(
        IShopEndpoint host,
        string email,
        string password,
        string scopes = CustomerScopes)
    {
        using var client = host.CreateHttpClient();
        var response = await RegisterAsync(client, email, password);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException(
                $"Registration of {email} answered {(int)response.StatusCode}: "
                + await response.Content.ReadAsStringAsync());
        }

        return await SignInAsync(host, email, password, scopes);
    }

    /// <summary>A new customer with a unique email and <see cref="CustomerPassword"/>, signed in with
    /// <see cref="CustomerScopes"/> (or the given scopes).</summary>
    public static Task<TokenSet> NewCustomerAsync(IShopEndpoint host, string scopes = CustomerScopes) =>
        RegisterAndSignInAsync(host, UniqueEmail(), CustomerPassword, scopes);

    /// <summary>A unique email for a test: <c>{prefix}-{guid}@example.com</c>.</summary>
    public static string UniqueEmail(string prefix = "customer") => $"{prefix}-{Guid.NewGuid():N}@example.com";

    public static Task<HttpResponseMessage> RegisterAsync(
        HttpClient client,
        string email,
        string password,
        string? displayName = "Test Customer") =>
        client.PostAsJsonAsync("/api/identity/register", new { email, password, displayName });

    /// <summary>The whole authorization code + PKCE flow for an existing account; throws when any step answers
    /// otherwise than a success.</summary>
    public static async Task<TokenSet> SignInAsync(
        IShopEndpoint host,
        string email,
        string password,
        string scopes = CustomerScopes,
        string clientId = Storefront,
        string redirectUri = StorefrontRedirectUri)
    {
        using var browser = host.CreateHttpClient(handleCookies: true);
        var pkce = Pkce.Create();
        var code = await AuthorizeThroughLoginFormAsync(
            browser,
            host,
            email,
            password,
            AuthorizeUrl(clientId, redirectUri, scopes, pkce.Challenge));
        var response = await RedeemCodeAsync(browser, code, pkce.Verifier, clientId, redirectUri);
        return await ReadTokensAsync(response);
    }

    /// <summary>The Development admin (<c>admin@example.com</c>), with <c>catalog.admin</c> by default.</summary>
    public static Task<TokenSet> AdminAsync(IShopEndpoint host, string scopes = AdminScopes)
        => SignInAsync(host, AdminEmail, AdminPassword, scopes);

    /// <summary>Client credentials for a service client (by default <c>internal-services</c> with scope
    /// <c>internal</c>).</summary>
    public static async Task<TokenSet> ClientCredentialsAsync(IShopEndpoint host, string clientId = InternalClient,
        string clientSecret = InternalClientSecret, string scopes = "internal")
    {
        using var client = host.CreateHttpClient();
        var response = await client.PostAsync("/connect/token", Form(new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = clientSecret, ["scope"]
                = scopes,
        }));
        return await ReadTokensAsync(response);
    }

    /// <summary>Uses a refresh token (rolling: the answer holds a new one and the old one is spent).</summary>
    public static async Task<TokenSet> RefreshAsync(
        IShopEndpoint host,
        string refreshToken,
        string clientId = Storefront)
    {
        using var client = host.CreateHttpClient();
        return await ReadTokensAsync(await RefreshResponseAsync(client, refreshToken, clientId));
    }

    public static Task<HttpResponseMessage> RefreshResponseAsync(
        HttpClient client,
        string refreshToken,
        string clientId = Storefront) =>
        client.PostAsync("/connect/token", Form(new()
        {
            ["grant_type"] = "refresh_token", ["client_id"] = clientId, ["refresh_token"] = refreshToken,
        }));

    /// <summary>A client of the host that sends the token as <c>Authorization: Bearer</c>.</summary>
    public static HttpClient CreateAuthorizedClient(this IShopEndpoint host, string accessToken)
    {
        var client = host.CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public static string AuthorizeUrl(
        string clientId,
        string redirectUri,
        string scopes,
        string? codeChallenge,
        string? method = "S256",
        string state = "state-1")
    {
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code", ["client_id"] = clientId, ["redirect_uri"] = redirectUri, ["scope"] = scopes, [
                "state"] = state,
        };
        if (codeChallenge is not null)
        {
            query["code_challenge"] = codeChallenge;
        }

        if (method is not null && codeChallenge is not null)
        {
            query["code_challenge_method"] = method;
        }

        return QueryHelpers.AddQueryString("/connect/authorize", query);
    }

    /// <summary>
    /// GET authorize (302 to the login page), GET the login page (antiforgery token), POST the form
    /// (302 back to authorize), GET authorize again (302 to the redirect URI with the code). Returns the code.
    /// </summary>
    public static async Task<string> AuthorizeThroughLoginFormAsync(
        HttpClient browser,
        IShopEndpoint host,
        string email,
        string password,
        string authorizeUrl)
    {
        var toLogin = await browser.GetAsync(authorizeUrl);
        Expect(toLogin, HttpStatusCode.Found, "authorize before sign-in");
        var loginUrl = Location(toLogin, host);
        if (!loginUrl.AbsolutePath.Equals("/account/login", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"authorize redirected to {loginUrl}, not to the login page");
        }

        var returnUrl = QueryHelpers.ParseQuery(loginUrl.Query)["returnUrl"].ToString();
        var posted = await PostLoginFormAsync(
            browser,
            email,
            password,
            returnUrl,
            await LoginPageTokenAsync(browser, loginUrl.PathAndQuery));
        Expect(posted, HttpStatusCode.Found, "sign-in form post");

        var back = await browser.GetAsync(Location(posted, host).PathAndQuery);
        Expect(back, HttpStatusCode.Found, "authorize after sign-in");
        var callback = Location(back, host);
        var parameters = QueryHelpers.ParseQuery(callback.Query);
        if (!parameters.TryGetValue("code", out var code))
        {
            throw new InvalidOperationException($"authorize answered {callback} without a code");
        }

        return code.ToString();
    }

    /// <summary>GET the sign-in page and return its antiforgery token (the cookie lands in the client's cookie
    /// container).</summary>
    public static async Task<string> LoginPageTokenAsync(
        HttpClient browser,
        string loginPathAndQuery = "/account/login")
    {
        var page = await browser.GetAsync(loginPathAndQuery);
        Expect(page, HttpStatusCode.OK, "login page");
        return AntiforgeryToken(await page.Content.ReadAsStringAsync());
    }

    public static string AntiforgeryToken(string html)
    {
        var match = AntiforgeryInput().Match(html);
        return match.Success
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("No __RequestVerificationToken in the page.");
    }

    public static Task<HttpResponseMessage> PostLoginFormAsync(
        HttpClient browser,
        string email,
        string password,
        string returnUrl,
        string antiforgeryToken) =>
        browser.PostAsync("/account/login", Form(new()
        {
            ["email"] = email, ["password"] = password, ["returnUrl"] = returnUrl, ["__RequestVerificationToken"]
                = antiforgeryToken,
        }));

    public static Task<HttpResponseMessage> RedeemCodeAsync(
        HttpClient client,
        string code,
        string? verifier,
        string clientId = Storefront,
        string redirectUri = StorefrontRedirectUri)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["client_id"] = clientId, ["redirect_uri"]
                = redirectUri,
        };
        if (verifier is not null)
        {
            form["code_verifier"] = verifier;
        }

        return client.PostAsync("/connect/token", Form(form));
    }

    public static async Task<TokenSet> ReadTokensAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Token endpoint answered {(int)response.StatusCode}: {body}");
        }

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        string? Optional(string name) => root.TryGetProperty(name, out var value) ? value.GetString() : null;
        var accessToken = root.GetProperty("access_token").GetString()!;

        // The server leaves "scope" out when it granted exactly what was asked: the token itself says it.
        var scope = Optional("scope") ?? TokenSet.Claim(accessToken, "scope") ?? "";
        return new TokenSet(
            accessToken,
            Optional("refresh_token"),
            Optional("id_token"),
            root.GetProperty("expires_in").GetInt32(),
            scope);
    }

    public static Uri Location(HttpResponseMessage response, IShopEndpoint host) =>
        new(host.BaseAddress, response.Headers.Location
            ?? throw new InvalidOperationException($"{(int)response.StatusCode} without Location"));

    public static FormUrlEncodedContent Form(Dictionary<string, string> fields) => new(fields);

    private static void Expect(HttpResponseMessage response, HttpStatusCode status, string step)
    {
        if (response.StatusCode != status)
        {
            throw new InvalidOperationException(
                $"{step}: expected {(int)status}, got {(int)response.StatusCode} {response.Headers.Location}");
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();
}

/// <summary>An RFC 7636 verifier and its S256 challenge.</summary>
public sealed record Pkce(string Verifier, string Challenge)
{
    public static Pkce Create()
    {
        var verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return new Pkce(
            verifier,
            WebEncoders.Base64UrlEncode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier))));
    }
}

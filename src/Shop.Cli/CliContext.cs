using System.CommandLine;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Shop.Cli.Api;
using Shop.Cli.Auth;
using Shop.Cli.Output;
using Shop.Client;

namespace Shop.Cli;

/// <summary>What a command needs, built from the global options: the shop's address, the HTTP client, the stored
/// session, the API and the printer.</summary>
internal sealed class CliContext : IDisposable
{
    private readonly X509Certificate2? _trusted;

    private CliContext(ParseResult parse)
    {
        var url = parse.GetValue(GlobalOptions.Url)!;
        if (!Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var shop) ||
            (shop.Scheme != Uri.UriSchemeHttp && shop.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliException(ExitCodes.Usage, $"--url must be an http(s) address, not '{url}'.");
        }

        Shop = shop;
        _trusted = parse.GetValue(GlobalOptions.Ca) is { } ca
            ? X509Certificate2.CreateFromPem(File.ReadAllText(ca))
            : null;
        var options = new ShopClientOptions { Timeout = TimeSpan.FromSeconds(60) };
        Store = TokenStore.ForCurrentUser();
        // OAuth calls, then the API: anonymous calls and signed-in calls through Shop.Client's pipeline.
        Http = new HttpClient(Transport()) { BaseAddress = shop, Timeout = TimeSpan.FromSeconds(30) };
        OAuth = new OAuthClient(Http, shop);
        Tokens = new StoredTokenSource(OAuth.Endpoint, shop, Store);
        Api = new ShopApi(
            ShopApiFactory.CreateHttpClient(shop, tokens: null, options, Transport()),
            ShopApiFactory.CreateHttpClient(shop, Tokens, options, Transport()));
        Printer = new Printer(parse.GetValue(GlobalOptions.Output) == "json", parse.InvocationConfiguration.Output);
    }

    public Uri Shop { get; }

    public HttpClient Http { get; }

    public TokenStore Store { get; }

    public OAuthClient OAuth { get; }

    public StoredTokenSource Tokens { get; }

    public ShopApi Api { get; }

    public Printer Printer { get; }

    private SocketsHttpHandler Transport()
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        if (_trusted is { } trusted)
        {
            // Exactly this certificate besides what the system trusts, nothing else that fails validation.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, errors) =>
                errors == SslPolicyErrors.None ||
                (errors == SslPolicyErrors.RemoteCertificateChainErrors && presented is not null &&
                 presented.GetRawCertData().AsSpan().SequenceEqual(trusted.RawData));
        }

        return handler;
    }

    public static CliContext From(ParseResult parse) => new(parse);

    public void Dispose()
    {
        Tokens.SaveIfRenewed();
        Tokens.Dispose();
        Api.Dispose();
        Http.Dispose();
        _trusted?.Dispose();
    }
}

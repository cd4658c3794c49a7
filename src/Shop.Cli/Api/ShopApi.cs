using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Shop.Client.Problems;

namespace Shop.Cli.Api;

/// <summary>
/// The public API as the commands use it, over two Shop.Client pipelines: one anonymous (browsing), one with the
/// stored session's bearer token. Shop.Client adds the <c>Idempotency-Key</c> to a checkout and retries it with the
/// same key, and turns refusals into <see cref="ShopApiProblemException"/>, which becomes the CLI's message and exit
/// code here.
/// </summary>
internal sealed class ShopApi(HttpClient anonymousClient, HttpClient signedIn) : IDisposable
{
    public sealed record Answer(JsonNode? Body, EntityTagHeaderValue? ETag);

    public Task<Answer> GetAsync(string path, CancellationToken cancel, bool anonymous = false) =>
        SendAsync(HttpMethod.Get, path, null, cancel, anonymous: anonymous);

    public async Task<Answer> SendAsync(
        HttpMethod method, string path, object? body, CancellationToken cancel,
        IReadOnlyDictionary<string, string>? headers = null, bool anonymous = false)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await (anonymous ? anonymousClient : signedIn).SendAsync(request, cancel);
            var text = await response.Content.ReadAsStringAsync(cancel);
            return new Answer(text.Length == 0 ? null : JsonNode.Parse(text), response.Headers.ETag);
        }
        catch (ShopApiProblemException problem)
        {
            throw ApiErrors.From(problem);
        }
    }

    public void Dispose()
    {
        anonymousClient.Dispose();
        signedIn.Dispose();
    }
}

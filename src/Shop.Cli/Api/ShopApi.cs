using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Shop.Cli.Auth;

namespace Shop.Cli.Api;

/// <summary>
/// The public API as the commands use it. Anonymous calls go without a token; signed-in calls carry the session's
/// access token and, when it is refused (401), try once more with a renewed one.
/// </summary>
internal sealed class ShopApi(HttpClient http, Session session)
{
    public sealed record Answer(JsonNode? Body, EntityTagHeaderValue? ETag, Uri? Location);

    public Task<Answer> GetAsync(string path, CancellationToken cancel, bool anonymous = false) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), anonymous, cancel);

    public Task<Answer> SendAsync(
        HttpMethod method, string path, object? body, CancellationToken cancel,
        IReadOnlyDictionary<string, string>? headers = null) =>
        SendAsync(() =>
        {
            var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body);
            }

            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            return request;
        }, anonymous: false, cancel);

    private async Task<Answer> SendAsync(Func<HttpRequestMessage> create, bool anonymous, CancellationToken cancel)
    {
        var token = anonymous ? null : await session.AccessTokenAsync(cancel);
        var response = await SendOnceAsync(create, token, cancel);
        if (!anonymous && response.StatusCode == System.Net.HttpStatusCode.Unauthorized &&
            await session.RenewAfterRefusalAsync(cancel) is { } renewed)
        {
            response.Dispose();
            response = await SendOnceAsync(create, renewed, cancel);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancel);
            var json = text.Length == 0 ? null : TryParse(text);
            if (!response.IsSuccessStatusCode)
            {
                throw ApiErrors.From(response, json);
            }

            return new Answer(json, response.Headers.ETag, response.Headers.Location);
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(
        Func<HttpRequestMessage> create, string? token, CancellationToken cancel)
    {
        using var request = create();
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await http.SendAsync(request, cancel);
    }

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

using System.Net;
using System.Text;

namespace Shop.Client.Tests;

/// <summary>An HTTP server in a handler: answers each request with the next scripted answer and keeps what it
/// got.</summary>
internal sealed class FakeServer(params Func<HttpRequestMessage, HttpResponseMessage>[] answers) : HttpMessageHandler
{
    private int _next;

    public List<(HttpRequestMessage Request, string Body)> Received { get; } = [];

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        Received.Add((request, body));
        var answer = answers[Math.Min(_next++, answers.Length - 1)];
        return answer(request);
    }
}

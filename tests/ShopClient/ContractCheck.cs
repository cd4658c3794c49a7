namespace ShopClient;

/// <summary>
/// Checks every answer a test client receives against the committed OpenAPI document (<see cref="OpenApiContract"/>)
/// and throws <see cref="ContractViolationException"/> on a mismatch, so the test that got it fails: the suites are
/// the contract test. The body is buffered so the test still reads it.
/// </summary>
public sealed class ContractCheck(OpenApiContract contract) : DelegatingHandler
{
    public ContractCheck()
        : this(OpenApiContract.Committed)
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        // 502 and 504 are the gateway's own answers when an instance dies or hangs mid-request (the recovery tests
        // provoke them on purpose): no operation of the API gives them, so the document does not list them.
        if (response.StatusCode is System.Net.HttpStatusCode.BadGateway or System.Net.HttpStatusCode.GatewayTimeout)
        {
            return response;
        }

        var problems = contract.Check(
            request.Method,
            request.RequestUri!.AbsolutePath,
            (int)response.StatusCode,
            OpenApiContract.MediaTypeOf(response.Content.Headers),
            body,
            OpenApiContract.HeadersOf(response));
        if (problems.Count > 0)
        {
            response.Dispose();
            throw new ContractViolationException(string.Join(Environment.NewLine, problems));
        }

        return response;
    }

    /// <summary>A client handler chain ending in <paramref name="transport"/> whose answers are checked.</summary>
    public static HttpMessageHandler Around(HttpMessageHandler transport) =>
        new ContractCheck { InnerHandler = transport };
}

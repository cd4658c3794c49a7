namespace EndToEnd.Tests.Infrastructure;

internal static class Ready
{
    /// <summary>Polls <paramref name="url"/> until it answers 200; <paramref name="died"/> returns a reason to give up
    /// early (the process's last output).</summary>
    public static async Task WaitAsync(Uri url, TimeSpan timeout, Func<string?> died, HttpClient? client = null)
    {
        using var own = client is null ? new HttpClient { Timeout = TimeSpan.FromSeconds(5) } : null;
        var http = client ?? own!;
        await Eventually.Until(
            async () =>
            {
                if (died() is { } output)
                {
                    throw new InvalidOperationException(
                        $"The process exited before {url} was ready. Its last output:\n{output}");
                }

                try
                {
                    using var response = await http.GetAsync(url);
                    return (int)response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    return 0;
                }
                catch (TaskCanceledException)
                {
                    return 0;
                }
            },
            status => status == 200,
            timeout,
            $"{url} should answer 200");
    }
}

using System.Diagnostics;
using System.Net;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>Timings of the recovery tests: every figure is read from one stopwatch started at the kill.</summary>
internal static class Recovery
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// When the restarted process (a pid other than <paramref name="killedPid"/>) first answers its own
    /// <c>/health/ready</c>.
    /// </summary>
    public static async Task<TimeSpan> ReadyAsync(
        ScriptedTopology processes, string process, int killedPid, Stopwatch sinceKill, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var url = new Uri(processes.HostAddress(process), "health/ready");
        while (sinceKill.Elapsed < timeout)
        {
            try
            {
                if (processes.Pid(process) != killedPid)
                {
                    using var response = await http.GetAsync(url);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return sinceKill.Elapsed;
                    }
                }
            }
            catch (Exception e)
                when (e is HttpRequestException or TaskCanceledException or IOException or FormatException)
            {
                // Not listening yet, or the script is rewriting the pid file.
            }

            await Task.Delay(Poll);
        }

        throw new TimeoutException($"{process} did not answer {url} within {timeout}.");
    }

    /// <summary>
    /// POST /api/orders with one key every 100 ms until 201, as a persistent client does; returns the order, when the
    /// answered attempt was sent and answered, and the answers before it (e.g. <c>409 x12, 502 x3</c>).
    /// </summary>
    public static async Task<(Guid Id, TimeSpan SentAt, TimeSpan At, string Before)> PlaceOrderAsync(
        HttpClient client, string key, Guid product, Stopwatch sinceKill, TimeSpan timeout)
    {
        var answers = new List<string>();
        while (sinceKill.Elapsed < timeout)
        {
            var sentAt = sinceKill.Elapsed;
            try
            {
                using var response = await Shop.PlaceOrder(client, key, (product, 1));
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var id = (await response.Json())["id"]!.GetValue<Guid>();
                    return (id, sentAt, sinceKill.Elapsed, Summary(answers));
                }

                if (response.StatusCode is not (HttpStatusCode.Conflict or HttpStatusCode.BadGateway
                    or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout))
                {
                    throw new InvalidOperationException(
                        $"Order {key} answered {(int)response.StatusCode}: " +
                        await response.Content.ReadAsStringAsync());
                }

                answers.Add(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                answers.Add(e.GetType().Name);
            }

            await Task.Delay(Poll);
        }

        throw new TimeoutException($"Order {key} was not placed within {timeout}: {Summary(answers)}");
    }

    /// <summary>When the order's status is first something else than Pending.</summary>
    public static async Task<(string Status, TimeSpan At)> LeavesPendingAsync(
        HttpClient client, Guid order, Stopwatch sinceKill, TimeSpan timeout)
    {
        while (sinceKill.Elapsed < timeout)
        {
            try
            {
                using var response = await client.GetAsync($"/api/orders/{order}");
                if (response.IsSuccessStatusCode
                    && (await response.Json())["status"]!.GetValue<string>() is { } status and not "Pending")
                {
                    return (status, sinceKill.Elapsed);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // The gateway is moving traffic off the dead Host.
            }

            await Task.Delay(Poll);
        }

        throw new TimeoutException($"Order {order} was still Pending {timeout} after the kill.");
    }

    /// <summary>
    /// A client of one Host's own address (not the gateway) with the same token as <paramref name="through"/>.
    /// </summary>
    public static HttpClient Direct(ScriptedTopology processes, string host, HttpClient through)
    {
        var client = new HttpClient { BaseAddress = processes.HostAddress(host), Timeout = TimeSpan.FromSeconds(90) };
        client.DefaultRequestHeaders.Authorization = through.DefaultRequestHeaders.Authorization;
        return client;
    }

    public static string Seconds(TimeSpan time) =>
        time.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " s";

    private static string Summary(List<string> answers) => answers.Count == 0
        ? "none"
        : string.Join(", ", answers.GroupBy(a => a).Select(g => $"{g.Key} x{g.Count()}"));
}

using BuildingBlocks.Leases;
using Microsoft.Extensions.Logging.Abstractions;

namespace BuildingBlocks.Tests;

/// <summary>
/// The heartbeat that renews a lease is started and stopped around every request with an <c>Idempotency-Key</c> and
/// every batch of outbox or inbox rows: stopping it must cost no exception (a cancelled wait threw one, with its stack
/// trace built, each time).
/// </summary>
public sealed class LeaseHeartbeatTests
{
    private static readonly LeaseOptions Options = new()
    {
        Duration = TimeSpan.FromSeconds(3), HeartbeatInterval = TimeSpan.FromMilliseconds(50),
    };

    [Fact]
    public async Task Stopping_a_heartbeat_throws_no_exception()
    {
        // The heartbeat's loop runs in the execution context it was started in: the recorder sees it.
        using var thrown = new FirstChanceExceptions();
        for (var i = 0; i < 20; i++)
        {
            await using (LeaseHeartbeat.Start(_ => Task.FromResult(true), Options, NullLogger.Instance, "a test"))
            {
                await Task.Yield();
            }
        }

        Assert.Empty(thrown.Seen);
    }

    [Fact]
    public async Task A_heartbeat_renews_until_it_is_stopped()
    {
        var renewals = 0;
        var heartbeat = LeaseHeartbeat.Start(
            _ => Task.FromResult(Interlocked.Increment(ref renewals) > 0), Options, NullLogger.Instance, "a test");
        await Eventually.Until(
            () => Task.FromResult(Volatile.Read(ref renewals)), n => n >= 3, TimeSpan.FromSeconds(10), "3 renewals");

        await heartbeat.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Stopping_cancels_a_renewal_under_way()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var heartbeat = LeaseHeartbeat.Start(
            async stop =>
            {
                started.TrySetResult();
                await using (stop.Register(() => cancelled.TrySetResult()))
                {
                    await Task.Delay(Timeout.Infinite, stop);
                }

                return true;
            },
            Options,
            NullLogger.Instance,
            "a test");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await heartbeat.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(cancelled.Task.IsCompleted);
    }
}

using BuildingBlocks.Messaging;

namespace BuildingBlocks.Tests;

/// <summary>
/// The wait of an outbox relay or an inbox processor between batches: a wake-up ends it at once, and so do the ones
/// that came while nobody waited; without one it ends after its timeout (the poll), which an idle worker reaches
/// every second, so that must cost no exception.
/// </summary>
public sealed class OutboxWakeUpTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_wait_that_times_out_throws_no_exception()
    {
        var wakeUp = new OutboxWakeUp();
        using var thrown = new FirstChanceExceptions();
        for (var i = 0; i < 5; i++)
        {
            await wakeUp.WaitAsync<OutboxMessage>(typeof(OutboxWakeUpTests), TimeSpan.FromMilliseconds(1),
                CancellationToken.None);
        }

        Assert.Empty(thrown.Seen);
    }

    [Fact]
    public async Task A_wake_up_ends_the_wait_and_wake_ups_while_nobody_waited_end_only_the_next_one()
    {
        var wakeUp = new OutboxWakeUp();
        var context = typeof(OutboxWakeUpTests);
        var waiting = wakeUp.WaitAsync<InboxMessage>(context, Long, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        wakeUp.Notify<InboxMessage>(context);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        // Three wake-ups with no one waiting: the next wait returns at once, the one after waits again.
        wakeUp.Notify<InboxMessage>(context);
        wakeUp.Notify<InboxMessage>(context);
        wakeUp.Notify<InboxMessage>(context);
        await wakeUp.WaitAsync<InboxMessage>(context, Long, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        using var stop = new CancellationTokenSource();
        var next = wakeUp.WaitAsync<InboxMessage>(context, Long, stop.Token);
        var other = wakeUp.WaitAsync<OutboxMessage>(context, Long, stop.Token);
        wakeUp.Notify<OutboxMessage>(context);
        await other.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(next.IsCompleted);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
    }
}

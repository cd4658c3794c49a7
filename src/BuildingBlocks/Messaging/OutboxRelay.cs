using BuildingBlocks.Leases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildingBlocks.Messaging;

public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>Off for processes that only serve requests while dedicated instances relay (and in
    /// maintenance).</summary>
    public bool RelayEnabled { get; set; } = true;

    /// <summary>Fallback polling when no commit woke the relay (another process wrote, or a retry is due).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    public int BatchSize { get; set; } = 50;
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);
    public TimeSpan ProcessedRetention { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>
/// Relays one module's outbox to the subscribers of this process. Rows are claimed with a lease in this process
/// instance's name (<see cref="LeaseOptions"/>), renewed while their delivery runs: several instances never deliver
/// the same row at once, a slow delivery keeps its rows, and a dead instance's rows are taken over once the lease
/// lapses.
/// </summary>
internal sealed partial class OutboxRelay<TContext>(
    IServiceProvider services,
    IEnumerable<Subscription> subscriptions,
    OutboxWakeUp wakeUp,
    IOptions<MessagingOptions> options,
    TimeProvider clock,
    ILogger<OutboxRelay<TContext>> logger,
    IEnumerable<RabbitMq.IEventBroker> brokers,
    IHostApplicationLifetime lifetime,
    ProcessInstance instance,
    IOptions<LeaseOptions> leases) : BackgroundService
    where TContext : DbContext
{
    private readonly ILookup<string, Subscription> _subscribers = subscriptions.ToLookup(s => s.EventType);
    private readonly MessagingOptions _options = options.Value;
    private readonly LeaseOptions _leases = leases.Value;

    // Set when Messaging:RabbitMq is configured: events for subscriber modules in other processes.
    private readonly RabbitMq.IEventBroker? _broker = brokers.FirstOrDefault();
    private DateTime _nextRetryAt = DateTime.MaxValue;
    private DateTime _nextCleanupAt = DateTime.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.RelayEnabled)
        {
            return;
        }

        // The first pass (a clean-up, and every query shape compiled) would compete with the start-up for the cores;
        // the rows wait until the server listens.
        await WhenStartedAsync(stoppingToken);
        LogInstance(logger, typeof(TContext).Name, instance.ToString());

        while (!stoppingToken.IsCancellationRequested)
        {
            var relayed = 0;
            try
            {
                relayed = await RelayBatchAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRelayFailed(logger, ex, typeof(TContext).Name);
            }

            if (relayed < _options.BatchSize)
            {
                // Sleep until woken by a commit, a retry of ours falls due, or the fallback poll.
                var untilRetry = _nextRetryAt - clock.GetUtcNow().UtcDateTime;
                var wait = untilRetry < _options.PollInterval ? untilRetry : _options.PollInterval;
                _nextRetryAt = DateTime.MaxValue;
                if (wait > TimeSpan.Zero)
                {
                    await wakeUp.WaitAsync(typeof(TContext), wait, stoppingToken);
                }
            }
        }
    }

    private async Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
    }

    internal async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var outbox = db.Set<OutboxMessage>();
        var now = clock.GetUtcNow().UtcDateTime;
        if (now >= _nextCleanupAt)
        {
            await CleanUpAsync(db, now, cancellationToken);
        }

        // While the broker is known to be down, the rows it must carry wait untouched (no attempt spent, no backoff
        // growing), so the whole backlog goes as soon as it is back.
        var due = outbox.AsNoTracking()
            .Where(m => m.ProcessedAt == null && m.NextAttemptAt <= now
                && (m.LockedUntil == null || m.LockedUntil < now));
        if (_broker is { IsReachable: false } && _broker.PublishedTypes.ToArray() is { Length: > 0 } held)
        {
            due = due.Where(m => !held.Contains(m.Type));
        }

        var candidates = await due.OrderBy(m => m.Id).Select(m => m.Id).Take(_options.BatchSize)
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return 0;
        }

        // The claim re-checks the lease in its WHERE, so only one instance wins each row; the row names its owner.
        var owner = instance.Id;
        var claimedAt = clock.GetUtcNow().UtcDateTime;
        await outbox
            .Where(m => candidates.Contains(m.Id) && m.ProcessedAt == null
                && (m.LockedUntil == null || m.LockedUntil < claimedAt))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.LockToken, owner)
                .SetProperty(m => m.LockedUntil, claimedAt + _leases.Duration), cancellationToken);
        // One relay per module and process: every live lease of ours on this table is this batch (or a row an
        // earlier batch of ours failed to mark, which is ours to deliver again).
        var claimed = await outbox
            .Where(m => m.LockToken == owner && m.ProcessedAt == null && m.LockedUntil >= claimedAt)
            .OrderBy(m => m.Id).ToListAsync(cancellationToken);

        // Renewed until the marks below commit: a delivery slower than the lease keeps its rows.
        await using (LeaseHeartbeat.Start(RenewLeasesAsync, _leases, logger, $"{typeof(TContext).Name}'s outbox rows"))
        {
            foreach (var message in claimed)
            {
                await DeliverAsync(message, cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return candidates.Count;
    }

    private async Task<bool> RenewLeasesAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var until = clock.GetUtcNow().UtcDateTime + _leases.Duration;
        await scope.ServiceProvider.GetRequiredService<TContext>().Set<OutboxMessage>()
            .Where(m => m.LockToken == instance.Id && m.ProcessedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, until), cancellationToken);
        return true;
    }

    private async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var subscription in _subscribers[message.Type])
            {
                await subscription.Deliver(services, message.Id, message.Payload, cancellationToken);
            }

            if (_broker is not null)
            {
                // Returns once the broker confirmed; a failure keeps the row (local subscribers dedupe the retry).
                await _broker.PublishAsync(message, cancellationToken);
            }

            message.ProcessedAt = clock.GetUtcNow().UtcDateTime;
            message.LastError = null;
        }
        catch (RabbitMq.BrokerUnavailableException ex)
        {
            // Not the event's fault: no attempt counted, no backoff; the row waits for the broker (see
            // RelayBatchAsync).
            message.LastError = ex.Message;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            message.Attempts++;
            var delay = TimeSpan.FromTicks(Math.Min(
                _options.MaxRetryDelay.Ticks,
                _options.FirstRetryDelay.Ticks * (1L << Math.Min(message.Attempts - 1, 20))));
            message.NextAttemptAt = clock.GetUtcNow().UtcDateTime + delay;
            _nextRetryAt = message.NextAttemptAt < _nextRetryAt ? message.NextAttemptAt : _nextRetryAt;
            message.LastError = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
            LogDeliveryFailed(logger, ex, message.Type, message.Id, message.Attempts, delay);
        }

        message.LockToken = null;
        message.LockedUntil = null;
    }

    /// <summary>Drops what is kept only for a while: relayed events, inbox proofs and expired idempotency
    /// records.</summary>
    private async Task CleanUpAsync(TContext db, DateTime now, CancellationToken cancellationToken)
    {
        _nextCleanupAt = now + TimeSpan.FromMinutes(10);
        var before = now - _options.ProcessedRetention;
        await db.Set<OutboxMessage>().Where(m => m.ProcessedAt != null && m.ProcessedAt < before)
            .ExecuteDeleteAsync(cancellationToken);
        await db.Set<InboxMessage>().Where(m => m.HandledAt < before).ExecuteDeleteAsync(cancellationToken);
        await db.Set<Idempotency.IdempotencyRecord>().Where(r => r.ExpiresAt < now)
            .ExecuteDeleteAsync(cancellationToken);
    }

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Outbox relay of {Context} claims rows as process instance {Instance}")]
    private static partial void LogInstance(ILogger logger, string context, string instance);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Outbox relay of {Context} failed; retrying after the poll interval")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception, string context);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Delivery of {EventType} {EventId} failed (attempt {Attempts}); next try in {Delay}")]
    private static partial void LogDeliveryFailed(
        ILogger logger, Exception exception, string eventType, Guid eventId, int attempts, TimeSpan delay);
}

public static class OutboxRegistration
{
    /// <summary>Runs the relay of <typeparamref name="TContext"/>'s outbox in this process.</summary>
    public static IServiceCollection AddOutboxRelay<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.Section);
        services.AddLeases();
        services.AddHostedService<OutboxRelay<TContext>>();
        return services;
    }
}

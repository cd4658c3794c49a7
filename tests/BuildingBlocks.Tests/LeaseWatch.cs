using System.Collections.Concurrent;
using BuildingBlocks.Messaging;
using Microsoft.EntityFrameworkCore;

namespace BuildingBlocks.Tests;

/// <summary>How many inbox rows were leased each time a watcher ran: the size of its batch's claim, seen from
/// inside.</summary>
internal sealed class LeaseWatch
{
    public ConcurrentQueue<int> Leased { get; } = new();
}

/// <summary>A handler of <see cref="ParcelShipped"/> that records how many inbox rows are leased while it runs. Two
/// kinds, so that an event has two of them (the consumer is the handler's type).</summary>
internal abstract class LeaseWatcher(ShippingDbContext db, LeaseWatch watch) : IIntegrationEventHandler<ParcelShipped>
{
    public async Task Handle(ParcelShipped integrationEvent, Guid eventId, CancellationToken cancellationToken) =>
        watch.Leased.Enqueue(await db.Set<InboxMessage>().CountAsync(m => m.LockToken != null, cancellationToken));
}

internal sealed class FirstLeaseWatcher(ShippingDbContext db, LeaseWatch watch) : LeaseWatcher(db, watch);

internal sealed class SecondLeaseWatcher(ShippingDbContext db, LeaseWatch watch) : LeaseWatcher(db, watch);

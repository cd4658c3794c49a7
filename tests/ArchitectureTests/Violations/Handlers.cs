// Deliberate violations: handlers visible outside their module.
using ArchitectureTests.Violations.Contracts;
using BuildingBlocks.Messaging;
using Mediator;

namespace ArchitectureTests.Violations.Handlers;

public sealed record ShipParcelNow(Guid ParcelId) : ICommand<bool>;

public sealed record CountParcels : IQuery<int>;

public sealed class PublicShipParcelNowHandler : ICommandHandler<ShipParcelNow, bool>
{
    public ValueTask<bool> Handle(ShipParcelNow command, CancellationToken cancellationToken)
        => ValueTask.FromResult(true);
}

public sealed class PublicParcelShippedHandler : IIntegrationEventHandler<ParcelShipped>
{
    public Task Handle(ParcelShipped integrationEvent, Guid eventId, CancellationToken cancellationToken)
        => Task.CompletedTask;
}

/// <summary>Public through its base class, which is public too.</summary>
public abstract class ParcelQueryHandlerBase : IQueryHandler<CountParcels, int>
{
    public abstract ValueTask<int> Handle(CountParcels query, CancellationToken cancellationToken);
}

public sealed class PublicCountParcelsHandler : ParcelQueryHandlerBase
{
    public override ValueTask<int> Handle(CountParcels query, CancellationToken cancellationToken)
        => ValueTask.FromResult(0);
}

/// <summary>Fine: internal.</summary>
internal sealed class InternalShipParcelNowHandler : ICommandHandler<ShipParcelNow, bool>
{
    public ValueTask<bool> Handle(ShipParcelNow command, CancellationToken cancellationToken)
        => ValueTask.FromResult(true);
}

/// <summary>Fine: public, but nested in an internal type, so invisible outside the assembly.</summary>
internal static class Hidden
{
    public sealed class NestedShipParcelNowHandler : ICommandHandler<ShipParcelNow, bool>
    {
        public ValueTask<bool> Handle(ShipParcelNow command, CancellationToken cancellationToken)
            => ValueTask.FromResult(true);
    }
}

// Deliberate violations: a pretend Contracts assembly with mutable messages and forbidden dependencies.
using BuildingBlocks.Contracts;
using BuildingBlocks.Messaging;
using Microsoft.AspNetCore.Http;

#pragma warning disable CA1051 // the public mutable field is the violation under test

namespace ArchitectureTests.Violations.Contracts;

/// <summary>Fine itself, but carries a mutable DTO.</summary>
public sealed record ShipParcel(
    Guid ParcelId,
    IReadOnlyList<ParcelLine> Lines) : IContractCommand<ContractResult<Guid>>;

public sealed record ParcelLine(Guid ProductId)
{
    public int Quantity { get; set; }
}

public sealed record RenameParcel : IContractCommand<bool>
{
    public Guid ParcelId { get; init; }
    public string Name { get; set; } = "";
}

public sealed class ParcelShipped : IIntegrationEvent
{
    public Guid ParcelId { get; init; }
    public DateTime ShippedAt;
}

/// <summary>Fine: immutable query and answer.</summary>
public sealed record TrackParcel(Guid ParcelId) : IContractQuery<ContractResult<ParcelStatus>>;

public sealed record ParcelStatus(ParcelState State, DateTime? DeliveredAt);

/// <summary>Fine: an enum is a value, not a mutable member.</summary>
public enum ParcelState
{
    Packed,
    Shipped,
}

/// <summary>Mutable, but no message carries it: not a contract, not reported.</summary>
public sealed record ParcelNote
{
    public string Text { get; set; } = "";
}

/// <summary>Depends on ASP.NET Core: a contract must not.</summary>
public sealed record ParcelPage(PathString Next);

/// <summary>Depends on the kernel's implementation: a contract must not.</summary>
public sealed record ParcelSnapshot(OutboxMessage Source);

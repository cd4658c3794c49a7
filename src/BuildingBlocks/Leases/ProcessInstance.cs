using System.Diagnostics;

namespace BuildingBlocks.Leases;

/// <summary>
/// This process's identity as an owner of leases: a new <see cref="Id"/> at every start, so a restarted process
/// never mistakes its dead predecessor's leases for its own. The id is what the leased rows store; the log names it
/// with the machine and pid at start-up, so an operator can tell who holds a row.
/// </summary>
internal sealed class ProcessInstance
{
    public Guid Id { get; } = Guid.NewGuid();

    public string Name { get; } = $"{Environment.MachineName}/{Environment.ProcessId}";

    public override string ToString() => $"{Id:N} ({Name})";
}

using BuildingBlocks.Leases;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BuildingBlocks.Messaging;

/// <summary>What every outbox relay and inbox processor of the process needs (one singleton), passed to
/// <see cref="MessagingWorker{TContext, TRow}"/> as one.</summary>
internal sealed record WorkerDependencies(
    IServiceProvider Services,
    OutboxWakeUp WakeUp,
    IOptions<MessagingOptions> Options,
    IOptions<LeaseOptions> Leases,
    TimeProvider Clock,
    IHostApplicationLifetime Lifetime,
    ProcessInstance Instance);

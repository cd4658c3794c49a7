using BenchmarkDotNet.Attributes;
using BuildingBlocks.Contracts;
using BuildingBlocks.Modules;
using BuildingBlocks.Validation;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Micro;

/// <summary>
/// In-process contract dispatch (IModuleClient -> mediator -> handler) against calling the handler
/// directly, wired as the Host wires it: scoped handlers, the validation behavior in the pipeline.
/// </summary>
[MemoryDiagnoser]
public class ContractDispatch
{
    private readonly GetStockLevel _query = new(Guid.CreateVersion7());
    private readonly ReserveStock _validated = new(Guid.CreateVersion7(), 2);
    private AsyncServiceScope _scope;
    private IModuleClient _client = null!;
    private ISender _sender = null!;
    private StockLevelHandler _handler = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(ValidationBehavior<,>)];
        });
        services.AddModuleClient(["Micro"]);
        services.AddScoped<IValidator<ReserveStock>, ReserveStockValidator>();
        _scope = services.BuildServiceProvider().CreateAsyncScope();
        _client = _scope.ServiceProvider.GetRequiredService<IModuleClient>();
        _sender = _scope.ServiceProvider.GetRequiredService<ISender>();
        _handler = new StockLevelHandler();
    }

    [GlobalCleanup]
    public ValueTask Cleanup() => _scope.DisposeAsync();

    [Benchmark(Baseline = true)]
    public ValueTask<int> Direct_call() => _handler.Handle(_query, CancellationToken.None);

    [Benchmark]
    public ValueTask<int> Through_IModuleClient() => _client.Query(_query, CancellationToken.None);

    /// <summary>What IModuleClient did before it dispatched in-process messages itself: the mediator's Send, pipeline
    /// composed per call.</summary>
    [Benchmark]
    public ValueTask<int> Through_ISender_Send() => _sender.Send(_query, CancellationToken.None);

    /// <summary>A message with a validator: validation still runs (FluentValidation allocates its result).</summary>
    [Benchmark]
    public ValueTask<int> Through_IModuleClient_with_validator() => _client.Send(_validated, CancellationToken.None);
}

public sealed record ReserveStock(Guid ProductId, int Quantity) : IContractCommand<int>;

public sealed class ReserveStockHandler : IRequestHandler<ReserveStock, int>
{
    public ValueTask<int> Handle(ReserveStock request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(request.Quantity);
}

public sealed class ReserveStockValidator : AbstractValidator<ReserveStock>
{
    public ReserveStockValidator() => RuleFor(x => x.Quantity).InclusiveBetween(1, 99);
}

public sealed record GetStockLevel(Guid ProductId) : IContractQuery<int>;

public sealed class StockLevelHandler : IRequestHandler<GetStockLevel, int>
{
    public ValueTask<int> Handle(GetStockLevel request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(request.ProductId.Version);
}

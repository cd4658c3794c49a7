using BenchmarkDotNet.Attributes;
using BuildingBlocks.Contracts;
using BuildingBlocks.Modules;
using BuildingBlocks.Validation;
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
    private AsyncServiceScope _scope;
    private IModuleClient _client = null!;
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
        _scope = services.BuildServiceProvider().CreateAsyncScope();
        _client = _scope.ServiceProvider.GetRequiredService<IModuleClient>();
        _handler = new StockLevelHandler();
    }

    [GlobalCleanup]
    public ValueTask Cleanup() => _scope.DisposeAsync();

    [Benchmark(Baseline = true)]
    public ValueTask<int> Direct_call() => _handler.Handle(_query, CancellationToken.None);

    [Benchmark]
    public ValueTask<int> Through_IModuleClient() => _client.Query(_query, CancellationToken.None);
}

public sealed record GetStockLevel(Guid ProductId) : IContractQuery<int>;

public sealed class StockLevelHandler : IRequestHandler<GetStockLevel, int>
{
    public ValueTask<int> Handle(GetStockLevel request, CancellationToken cancellationToken) => ValueTask.FromResult(request.ProductId.Version);
}

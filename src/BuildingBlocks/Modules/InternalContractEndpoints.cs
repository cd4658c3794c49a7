using System.Reflection;
using System.Text.Json;
using BuildingBlocks.Auth;
using BuildingBlocks.Contracts;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BuildingBlocks.Modules;

/// <summary>
/// The owner's side of remote contracts: <c>POST /internal/{module}/contracts/{ContractTypeName}</c> for every
/// enabled module, scope <c>internal</c> only. The body is the message as JSON, the 200 answer the response
/// type as JSON (typed errors included); an unknown contract is a 404 problem, a body that is not that
/// message a 400 problem. The message goes through the mediator as an in-process call would (validation included).
/// </summary>
public static class InternalContractEndpoints
{
    /// <summary>The contract messages a module owns: the types of its <c>{Name}.Contracts</c> assembly that are
    /// contract queries or commands.</summary>
    public static IReadOnlyDictionary<string, ContractType> ContractsOf(string module)
    {
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(new AssemblyName($"{module}.Contracts"));
        }
        catch (FileNotFoundException)
        {
            return new Dictionary<string, ContractType>();
        }

        var contracts = new Dictionary<string, ContractType>(StringComparer.Ordinal);
        foreach (var type in assembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }))
        {
            var contract = type.GetInterfaces().FirstOrDefault(i => i.IsGenericType
                && (i.GetGenericTypeDefinition() == typeof(IContractQuery<>)
                    || i.GetGenericTypeDefinition() == typeof(IContractCommand<>)));
            if (contract is null)
            {
                continue;
            }

            if (!contracts.TryAdd(type.Name, new ContractType(type, contract.GetGenericArguments()[0])))
            {
                throw new InvalidOperationException(
                    $"Two contracts of module {module} are named {type.Name}: "
                    + "contract names must be unique per module.");
            }
        }

        return contracts;
    }

    /// <summary>Maps the internal contract endpoints of the given (enabled) modules.</summary>
    public static IEndpointRouteBuilder MapInternalContracts(
        this IEndpointRouteBuilder endpoints,
        IEnumerable<string> modules)
    {
        var json = endpoints.ServiceProvider.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>()
            .Value
            .SerializerOptions;

        // Reading a message is stricter than the public API's binding: a missing or null member the type does not allow
        // is a 400, not a null reference later.
        var strict = new JsonSerializerOptions(json)
        {
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
        };
        foreach (var module in modules)
        {
            var contracts = ContractsOf(module);
            endpoints.MapPost($"/internal/{module.ToLowerInvariant()}/contracts/{{contract}}",
                    (string contract, HttpContext http, ISender sender, CancellationToken cancellationToken) =>
                        Handle(contracts, contract, http, sender, strict, json, cancellationToken))
                .RequireAuthorization(ShopPolicies.Internal)
                .ExcludeFromDescription();
        }

        return endpoints;
    }

    private static async Task<IResult> Handle(
        IReadOnlyDictionary<string, ContractType> contracts,
        string name,
        HttpContext http,
        ISender sender,
        JsonSerializerOptions read,
        JsonSerializerOptions write,
        CancellationToken cancellationToken)
    {
        if (!contracts.TryGetValue(name, out var contract))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                detail: $"This module has no contract named '{name}'.");
        }

        object? message;
        try
        {
            message = await JsonSerializer.DeserializeAsync(
                http.Request.Body,
                contract.Message,
                read,
                cancellationToken);
        }
        catch (JsonException exception)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                detail: $"The body is not a valid {name} message"
                    + $"{(exception.Path is null ? "" : $" (at {exception.Path})")}.");
        }

        if (message is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                detail: $"The body must be a {name} message.");
        }

        var response = await sender.Send(message, cancellationToken);
        return TypedResults.Bytes(
            JsonSerializer.SerializeToUtf8Bytes(response, contract.Response, write),
            "application/json");
    }

    public sealed record ContractType(Type Message, Type Response);
}

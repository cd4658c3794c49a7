using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BuildingBlocks.Validation;

public static class ValidationEndpoints
{
    /// <summary>Validates the bound <typeparamref name="TBody"/> with its FluentValidation validator: 400 with
    /// <c>errors</c> when invalid.</summary>
    public static RouteHandlerBuilder Validate<TBody>(this RouteHandlerBuilder builder) where TBody : class =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var body = context.Arguments.OfType<TBody>().FirstOrDefault();
            if (body is null)
            {
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["body"] = ["A JSON body is required."] });
            }

            var validator = context.HttpContext.RequestServices.GetRequiredService<IValidator<TBody>>();
            var result = await validator.ValidateAsync(body, context.HttpContext.RequestAborted);
            return result.IsValid ? await next(context) : TypedResults.ValidationProblem(result.ToErrorDictionary());
        }).ProducesValidationProblem();

    public static Dictionary<string, string[]> ToErrorDictionary(
        this FluentValidation.Results.ValidationResult result) =>
        result.Errors
            .GroupBy(e => CamelCase(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());

    /// <summary><c>ShippingAddress.PostalCode</c> becomes <c>shippingAddress.postalCode</c>, as the JSON names
    /// it.</summary>
    private static string CamelCase(string path) =>
        string.Join(
            '.',
            path.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
}

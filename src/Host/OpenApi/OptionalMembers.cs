using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Host.OpenApi;

/// <summary>
/// Members a client may leave out although the record's constructor names them: the generator marks every
/// constructor parameter required. Found by the linter: the documented checkout example (no <c>line2</c>) did not
/// match a schema that required <c>line2</c>, while the API accepts an address without it.
/// </summary>
internal sealed class OptionalMembers : IOpenApiSchemaTransformer
{
    private static readonly Dictionary<string, string[]> Optional = new(StringComparer.Ordinal)
    {
        ["ShippingAddress"] = ["line2"],
    };

    public Task TransformAsync(
        OpenApiSchema schema,
        OpenApiSchemaTransformerContext context,
        CancellationToken cancellationToken)
    {
        if (Optional.TryGetValue(context.JsonTypeInfo.Type.Name, out var members) && schema.Required is { } required)
        {
            foreach (var member in members)
            {
                required.Remove(member);
            }
        }

        return Task.CompletedTask;
    }
}

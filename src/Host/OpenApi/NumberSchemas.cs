using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Host.OpenApi;

/// <summary>
/// Numbers are numbers in the document. The web JSON defaults also read "5" for 5, so the generator describes every
/// number as "integer or string with a pattern", and generated clients then model a quantity as a union. The API
/// always writes numbers, and clients should send them; decimals (money) are marked <c>decimal</c> so that clients
/// do not round them through a double.
/// </summary>
internal sealed class NumberSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(
        OpenApiSchema schema,
        OpenApiSchemaTransformerContext context,
        CancellationToken cancellationToken)
    {
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.String)
            && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        var clrType = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (clrType == typeof(decimal))
        {
            schema.Format = "decimal";
        }

        return Task.CompletedTask;
    }
}

using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Host.OpenApi;

/// <summary>
/// Numbers are numbers in the document. The generator describes every number as "integer or string with a pattern"
/// (the web JSON defaults read "5" as 5), but this API reads numbers strictly (ServiceDefaults: a quoted number is
/// 400), and generated clients would model a quantity as a union. Decimals (money) are marked <c>decimal</c> so that
/// clients do not round them through a double.
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

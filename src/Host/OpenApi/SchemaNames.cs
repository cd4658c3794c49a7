using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;

namespace Host.OpenApi;

/// <summary>
/// Names schemas after their use case: the endpoints' nested <c>Request</c> and <c>Response</c> records become
/// <c>RegisterRequest</c>, <c>CreateProductRequest</c>, <c>MeResponse</c>... The default names them all
/// <c>Request</c>, so six operations shared one schema (the first one's) and a generated client sent the wrong body.
/// </summary>
internal static class SchemaNames
{
    public static string? For(JsonTypeInfo type)
    {
        var name = OpenApiOptions.CreateDefaultSchemaReferenceId(type);
        if (name is null || type.Type.DeclaringType is not { } owner || type.Type.IsGenericType)
        {
            return name;
        }

        var useCase = owner.Name.EndsWith("Endpoint", StringComparison.Ordinal) ? owner.Name[..^"Endpoint".Length]
            : owner.Name;
        return useCase + type.Type.Name;
    }
}

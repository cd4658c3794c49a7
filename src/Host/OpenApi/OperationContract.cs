using BuildingBlocks.Auth;
using BuildingBlocks.Idempotency;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace Host.OpenApi;

/// <summary>
/// Completes each operation from its endpoint's metadata, so a new endpoint is documented the same way without a
/// list kept by hand: the scopes its policy needs (with 401 and 403), 400 and 413 for a body, 429 with
/// <c>Retry-After</c> where rate limited, the required <c>Idempotency-Key</c>, <c>Location</c> on 201, 503 when a
/// module it needs is not reachable; then <see cref="OperationGuide"/>'s words, ETag and If-Match.
/// </summary>
internal sealed class OperationContract : IOpenApiOperationTransformer
{
    private const string Problem = "application/problem+json";

    public Task TransformAsync(
        OpenApiOperation operation,
        OpenApiOperationTransformerContext context,
        CancellationToken cancellationToken)
    {
        var document = context.Document ?? throw new InvalidOperationException("No document to reference.");
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var responses = operation.Responses ??= [];
        operation.Parameters ??= [];

        var auth = metadata.OfType<IAuthorizeData>().ToList();
        if (!metadata.OfType<IAllowAnonymous>().Any() && auth.Count > 0)
        {
            var policies = auth.Select(a => a.Policy).ToList();
            var scopes = policies.Select(ScopeOf).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            operation.Security =
            [
                new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(DocumentContract.Scheme, document)] = scopes,
                },
            ];
            var admin = policies.Any(p => p is ShopPolicies.CatalogAdmin or ShopPolicies.OrdersAdmin);
            Add(responses, "401", ProblemResponse(document, "No valid bearer token.", challenge: true));
            Add(responses, "403", ProblemResponse(document, admin
                ? $"The token lacks the scope {string.Join(", ", scopes)} or the role admin."
                : $"The token lacks the scope {string.Join(", ", scopes)}, or names no user."));
        }
        else
        {
            operation.Security = [];
        }

        if (operation.RequestBody is not null)
        {
            Add(responses, "400", ValidationResponse(document));
            Add(responses, "413", ProblemResponse(document, "The body is larger than the server accepts."));
            Add(responses, "415", ProblemResponse(document, "The body is not `application/json`."));
        }

        if (operation.Parameters.Any(p => p.In == ParameterLocation.Path))
        {
            Add(responses, "404", ProblemResponse(document, "No such resource, or an id that is not a UUID."));
        }

        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            var limited = ProblemResponse(document, "Too many requests from this address; retry later.");
            limited.Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Retry-After"] = Header("Seconds to wait before retrying.", JsonSchemaType.Integer, required: true),
            };
            Add(responses, "429", limited);
        }

        if (metadata.OfType<IdempotencyKeyMetadata>().Any())
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyEndpoints.Header,
                In = ParameterLocation.Header,
                Required = true,
                Description = "1..64 printable ASCII characters chosen by the client, new for each intended "
                    + "operation and reused on its retries: a repeat with the same body replays the first answer.",
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String, MinLength = 1, MaxLength = 64, Pattern = "^[\\x20-\\x7E]+$",
                },
                Example = System.Text.Json.Nodes.JsonValue.Create("0195f3a2-checkout-1"),
            });
            Describe(responses, "409", "A request with this key is still in flight, or a rule refused it.");
            Describe(responses, "422", "This key was used with another body.");
        }

        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
        {
            DescribePaging(parameter);
        }

        if (metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<IAllowAnonymous>().Any())
        {
            Add(responses, "503", ProblemResponse(document, "A module this request needs is not reachable."));
        }

        foreach (var (status, response) in responses)
        {
            if (status == "201" && response is OpenApiResponse created)
            {
                (created.Headers ??= new Dictionary<string, IOpenApiHeader>())["Location"] =
                    Header("Where the created resource is.", JsonSchemaType.String, required: true);
            }
        }

        ApplyGuide(operation, responses, OperationGuide.For(operation.OperationId));
        operation.Responses = Sorted(responses);
        return Task.CompletedTask;
    }

    private static void ApplyGuide(OpenApiOperation operation, OpenApiResponses responses, OperationGuide? guide)
    {
        if (guide is null)
        {
            return;
        }

        operation.Summary ??= guide.Summary;
        operation.Description ??= guide.Description;
        if (guide.ETag)
        {
            foreach (var (status, response) in responses)
            {
                if (status.StartsWith('2') && response is OpenApiResponse { Content.Count: > 0 } success)
                {
                    (success.Headers ??= new Dictionary<string, IOpenApiHeader>())["ETag"] =
                        Header("The resource's version, for If-Match.", JsonSchemaType.String, required: true);
                }
            }
        }

        if (guide.IfMatch != IfMatch.None)
        {
            operation.Parameters!.Add(new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Required = guide.IfMatch == IfMatch.Required,
                Description = "The ETag last read: the change is refused with 412 when the resource changed since. "
                    + "`*` accepts any current version.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        if (guide.Example is not null && operation.RequestBody?.Content is { } content
            && content.TryGetValue("application/json", out var json))
        {
            json.Example = guide.Example.DeepClone();
        }
    }

    private static void DescribePaging(OpenApiParameter parameter)
    {
        if (parameter.In != ParameterLocation.Query || parameter.Schema is not OpenApiSchema schema)
        {
            return;
        }

        switch (parameter.Name)
        {
            case "page":
                parameter.Description = "1-based page number (default 1).";
                schema.Minimum = "1";
                break;
            case "pageSize":
                parameter.Description = "Items per page, 1..100 (default 20).";
                schema.Minimum = "1";
                schema.Maximum = "100";
                break;
            case "search":
                parameter.Description = "Text the product's name or sku contains.";
                break;
        }
    }

    private static string? ScopeOf(string? policy) => policy switch
    {
        ShopPolicies.CatalogAdmin => ShopScopes.CatalogAdmin,
        ShopPolicies.Cart => ShopScopes.Cart,
        ShopPolicies.Orders or ShopPolicies.OrdersAdmin => ShopScopes.Orders,
        ShopPolicies.Internal => ShopScopes.Internal,
        _ => null,
    };

    private static void Add(OpenApiResponses responses, string status, IOpenApiResponse response) =>
        responses.TryAdd(status, response);

    private static void Describe(OpenApiResponses responses, string status, string description)
    {
        if (responses.TryGetValue(status, out var response) && response is OpenApiResponse concrete)
        {
            concrete.Description = description;
        }
    }

    private static OpenApiResponse ProblemResponse(OpenApiDocument document, string description, bool challenge = false)
    {
        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [Problem] = new() { Schema = new OpenApiSchemaReference(DocumentContract.ProblemSchema, document) },
            },
        };
        if (challenge)
        {
            response.Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["WWW-Authenticate"] = Header("`Bearer`, with the reason.", JsonSchemaType.String, required: true),
            };
        }

        return response;
    }

    private static OpenApiResponse ValidationResponse(OpenApiDocument document) => new()
    {
        Description = "The request is not valid: `errors` names each field and what is wrong with it.",
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [Problem] = new()
            {
                Schema = new OpenApiSchemaReference(DocumentContract.ValidationProblemSchema, document),
            },
        },
    };

    private static OpenApiHeader Header(string description, JsonSchemaType type, bool required) => new()
    {
        Description = description,
        Required = required,
        Schema = new OpenApiSchema { Type = type },
    };

    private static OpenApiResponses Sorted(OpenApiResponses responses)
    {
        var sorted = new OpenApiResponses();
        foreach (var (status, response) in responses.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            sorted[status] = response;
        }

        return sorted;
    }
}

using BuildingBlocks.Auth;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Host.OpenApi;

/// <summary>
/// The document as a whole: the product's name and description, the OAuth2 scheme, the problem schemas as the API
/// writes them (with <c>traceId</c>), tags with descriptions, a relative server, and a stable order.
/// </summary>
internal sealed class DocumentContract(Uri issuer) : IOpenApiDocumentTransformer
{
    public const string Scheme = "oauth2";
    public const string ProblemSchema = "ProblemDetails";
    public const string ValidationProblemSchema = "HttpValidationProblemDetails";

    private const string Description = """
        The shop's public HTTP API: a catalog, a cart, a checkout and orders, for authenticated client apps (a web
        storefront, mobile and desktop apps, scripts and services).

        Sign in with OAuth 2.0 / OpenID Connect at this server (`/.well-known/openid-configuration`): authorization
        code with PKCE (S256) for apps, the device authorization grant for the `shop` command line, client
        credentials for services. Each operation names the scopes its token needs.

        Errors are RFC 9457 problem details (`application/problem+json`); validation failures are 400 with `errors`
        per field. Checkout and `POST /api/orders` need an `Idempotency-Key` header: retry with the same key and the
        same body to get the first answer again, never a second order.
        """;

    private static readonly Dictionary<string, string> Tags = new(StringComparer.Ordinal)
    {
        ["Identity"] = "Customer accounts. Tokens come from this server's OpenID Connect endpoints.",
        ["Catalog"] = "Products: anyone may read them, admins change them.",
        ["Cart"] = "The signed-in user's cart, and its checkout into an order.",
        ["Orders"] = "The signed-in user's orders (an admin's: everyone's).",
    };

    private static readonly Dictionary<string, string> Scopes = new(StringComparer.Ordinal)
    {
        ["openid"] = "Your identity",
        ["profile"] = "Your display name",
        ["email"] = "Your email address",
        ["roles"] = "Your roles",
        ["offline_access"] = "Stay signed in (refresh tokens)",
        [ShopScopes.CatalogAdmin] = "Manage the catalog (admins only)",
        [ShopScopes.Cart] = "Your cart",
        [ShopScopes.Orders] = "Your orders (and, for admins, everyone's)",
    };

    public Task TransformAsync(
        OpenApiDocument document,
        OpenApiDocumentTransformerContext context,
        CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Shop API",
            Version = "v1",
            Description = Description.Replace("\r\n", "\n", StringComparison.Ordinal),
        };
        // Relative: the API is at the root of whichever address served this document (the monolith's or the
        // gateway's), so the committed document does not depend on the machine that served it.
        document.Servers =
        [
            new OpenApiServer { Url = "/", Description = "The shop that serves this document" },
        ];
        document.Tags = new HashSet<OpenApiTag>(
            Tags.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));
        var components = document.Components ??= new OpenApiComponents();
        components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [Scheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = "Authorization code with PKCE (S256) at this server's OpenID Connect endpoints.",
                Flows = new OpenApiOAuthFlows
                {
                    AuthorizationCode = new OpenApiOAuthFlow
                    {
                        AuthorizationUrl = new Uri(issuer, "connect/authorize"),
                        TokenUrl = new Uri(issuer, "connect/token"),
                        RefreshUrl = new Uri(issuer, "connect/token"),
                        Scopes = new Dictionary<string, string>(Scopes),
                    },
                },
            },
        };
        var schemas = components.Schemas ?? new Dictionary<string, IOpenApiSchema>();
        schemas[ProblemSchema] = Problem();
        schemas[ValidationProblemSchema] = ValidationProblem(document);
        components.Schemas = new SortedDictionary<string, IOpenApiSchema>(schemas, StringComparer.Ordinal)
            .ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        return Task.CompletedTask;
    }

    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem: what went wrong, for people (`detail`) and programs (`status`, `type`).",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Text("A URI naming the kind of problem."),
            ["title"] = Text("A short summary of the kind of problem."),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = Text("What went wrong with this request."),
            ["instance"] = Text("The request's path."),
            ["traceId"] = Text("The trace id, to find the request in the server's logs."),
        },
        Required = new HashSet<string>(["type", "title", "status", "detail", "traceId"], StringComparer.Ordinal),
    };

    private static OpenApiSchema ValidationProblem(OpenApiDocument document) => new()
    {
        // errors is absent when the body could not be read at all (not JSON, wrong types): the contract test found
        // those 400s, which a schema requiring errors declared invalid.
        Description = "A 400 problem: `errors` names the fields that are not valid and why; it is absent when the "
            + "body is not JSON of the expected shape (then `detail` says where).",
        AllOf =
        [
            new OpenApiSchemaReference(ProblemSchema, document),
            new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["errors"] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Description = "Messages per field (`email`, `items[0].quantity`, `Idempotency-Key`...).",
                        AdditionalProperties = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Array,
                            Items = new OpenApiSchema { Type = JsonSchemaType.String },
                        },
                    },
                },
            },
        ],
    };

    private static OpenApiSchema Text(string description) =>
        new() { Type = JsonSchemaType.String, Description = description };
}

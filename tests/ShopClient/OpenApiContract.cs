using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace ShopClient;

/// <summary>
/// The committed OpenAPI document (docs/openapi/v1.json, embedded) as a checker of answers: for a request to a
/// documented operation, the answer's status must be documented, its body must match the schema documented for that
/// status and media type (or be empty where none is), and the headers documented as required must be there. Requests
/// to paths the document does not describe (OAuth endpoints, pages, health) are not checked.
/// </summary>
public sealed partial class OpenApiContract
{
    private readonly JsonObject _document;
    private readonly List<(Regex Pattern, string Template, JsonObject Operations)> _paths;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);
    private readonly JsonObject _definitions;

    public OpenApiContract(string documentJson)
    {
        _document = JsonNode.Parse(documentJson)?.AsObject()
            ?? throw new ArgumentException("Not an OpenAPI document.", nameof(documentJson));
        // The document's references point into components; in a standalone JSON Schema they point into $defs.
        _definitions = JsonNode.Parse(Rebase(_document["components"]?["schemas"]?.ToJsonString() ?? "{}"))!.AsObject();
        _paths = [.. _document["paths"]!.AsObject()
            .Select(p => (Template(p.Key), p.Key, p.Value!.AsObject()))
            // Literal segments win over parameters (/api/cart/items before /api/cart/{x}).
            .OrderByDescending(p => !p.Key.Contains('{', StringComparison.Ordinal))];
    }

    /// <summary>The document the suites are checked against: the committed one, which CI keeps equal to the served
    /// one (scripts/openapi.sh --check).</summary>
    public static OpenApiContract Committed { get; } = new(ReadEmbedded());

    /// <summary>What is wrong with this answer, or nothing when it is what the document says (or the request is to no
    /// documented operation).</summary>
    public IReadOnlyList<string> Check(
        HttpMethod method,
        string path,
        int status,
        string? mediaType,
        string body,
        Func<string, bool> hasHeader)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(hasHeader);
        var match = _paths.FirstOrDefault(p => p.Pattern.IsMatch(path));
        if (match.Operations is null
            || match.Operations[method.Method.ToLowerInvariant()] is not JsonObject operation)
        {
            return [];
        }

        var name = $"{method.Method} {match.Template} ({operation["operationId"]})";
        if (operation["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            is not JsonObject response)
        {
            return [$"{name}: status {status} is not documented. Body: {Shorten(body)}"];
        }

        var problems = new List<string>();
        foreach (var (header, value) in response["headers"]?.AsObject() ?? [])
        {
            if (value?["required"]?.GetValue<bool>() == true && !hasHeader(header))
            {
                problems.Add($"{name} {status}: the required header {header} is missing.");
            }
        }

        var content = response["content"]?.AsObject();
        if (body.Length == 0 || method == HttpMethod.Head)
        {
            if (content is { Count: > 0 } && method != HttpMethod.Head)
            {
                problems.Add($"{name} {status}: the document promises a body ({string.Join(", ", content.Select(
                    c => c.Key))}); the answer has none.");
            }

            return problems;
        }

        if (content is null || mediaType is null || content[mediaType] is not JsonObject media)
        {
            problems.Add($"{name} {status}: a body of type {mediaType ?? "(none)"} is not documented. Body: "
                + Shorten(body));
            return problems;
        }

        if (media["schema"] is JsonObject schema)
        {
            problems.AddRange(Validate($"{name} {status} {mediaType}", schema, body));
        }

        return problems;
    }

    private IEnumerable<string> Validate(string key, JsonObject schema, string body)
    {
        JsonDocument instance;
        try
        {
            instance = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return [$"{key}: the body is not JSON ({e.Message}). Body: {Shorten(body)}"];
        }

        using (instance)
        {
            var compiled = _schemas.GetOrAdd(key, _ => Compile(schema));
            var result = compiled.Evaluate(
                instance.RootElement,
                new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (result.IsValid)
            {
                return [];
            }

            var errors = (result.Details ?? [])
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))
                .Distinct(StringComparer.Ordinal)
                .Take(5);
            return [$"{key}: the body does not match the documented schema: {string.Join("; ", errors)}. Body: "
                + Shorten(body)];
        }
    }

    private JsonSchema Compile(JsonObject schema)
    {
        var root = JsonNode.Parse(Rebase(schema.ToJsonString()))!.AsObject();
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = _definitions.DeepClone();
        // A base of its own for each schema: the library's registry is global, and ids must not collide.
        return JsonSchema.FromText(
            root.ToJsonString(),
            baseUri: new Uri($"https://contract.shop.test/{Guid.NewGuid():N}"));
    }

    private static string Rebase(string json) =>
        json.Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);

    private static Regex Template(string template) =>
        new("^" + Parameter().Replace(Regex.Escape(template).Replace("\\{", "{", StringComparison.Ordinal), "[^/]+")
            + "/?$", RegexOptions.CultureInvariant);

    private static string Shorten(string body) => body.Length > 300 ? body[..300] + "..." : body;

    private static string ReadEmbedded()
    {
        using var stream = typeof(OpenApiContract).Assembly.GetManifestResourceStream("openapi.json")
            ?? throw new InvalidOperationException("docs/openapi/v1.json is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"\{[^}/]+\}")]
    private static partial Regex Parameter();

    /// <summary>Whether the answer carries a header, among the response's or its content's headers.</summary>
    public static Func<string, bool> HeadersOf(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return name => response.Headers.NonValidated.Contains(name)
            || response.Content.Headers.NonValidated.Contains(name);
    }

    internal static string? MediaTypeOf(HttpContentHeaders headers) => headers.ContentType?.MediaType;
}

using System.Text.Json;
using System.Text.RegularExpressions;

namespace Host.Tests;

/// <summary>
/// docs/http/*.http stay true: one file per area, each with the base URL and token variables, and every request in
/// them names a documented operation, of docs/openapi/v1.json or of the endpoint tables in docs/*.md (the OAuth and
/// health endpoints, which the OpenAPI document leaves out).
/// </summary>
public sealed partial class HttpFilesTests
{
    private static readonly string Root = FindRoot();

    [Theory]
    [InlineData("identity")]
    [InlineData("catalog")]
    [InlineData("cart")]
    [InlineData("orders")]
    [InlineData("health")]
    public void Each_area_has_a_file_with_the_base_url_and_token_variables(string area)
    {
        var text = File.ReadAllText(Path.Combine(Root, "docs", "http", area + ".http"));

        Assert.Matches(@"(?m)^@baseUrl = https?://", text);
        Assert.Matches(@"(?m)^@token = ", text);
        Assert.NotEmpty(Requests(text));
    }

    [Fact]
    public void Every_request_names_a_documented_operation()
    {
        var documented = DocumentedOperations().ToList();
        var requests = Directory.GetFiles(Path.Combine(Root, "docs", "http"), "*.http")
            .SelectMany(f => Requests(File.ReadAllText(f)).Select(r => (File: Path.GetFileName(f), r.Method, r.Path)))
            .ToList();

        var undocumented = requests
            .Where(r => !documented.Any(d => d.Method == r.Method && d.Path.IsMatch(r.Path)))
            .Select(r => $"{r.File}: {r.Method} {r.Path}")
            .ToList();

        Assert.True(requests.Count >= 25, $"Only {requests.Count} requests found");
        Assert.True(undocumented.Count == 0, "Not documented: " + string.Join("; ", undocumented));
    }

    [Fact]
    public void The_check_refuses_a_request_to_an_operation_nobody_documented()
    {
        var documented = DocumentedOperations().ToList();

        Assert.DoesNotContain(documented, d => d.Method == "GET" && d.Path.IsMatch("/api/catalog/categories"));
        Assert.DoesNotContain(documented, d => d.Method == "PATCH" && d.Path.IsMatch("/api/cart"));
        Assert.Contains(documented, d => d.Method == "PUT" && d.Path.IsMatch("/api/cart/items/{{productId}}"));
    }

    /// <summary>The <c>METHOD {{baseUrl}}/path?query</c> lines of a .http file, as method and path.</summary>
    private static IEnumerable<(string Method, string Path)> Requests(string text) =>
        RequestLine().Matches(text).Select(m => (m.Groups[1].Value, m.Groups[2].Value));

    private static IEnumerable<(string Method, Regex Path)> DocumentedOperations()
    {
        using var openApi = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "docs", "openapi", "v1.json")));
        foreach (var path in openApi.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                yield return (operation.Name.ToUpperInvariant(), Template(path.Name));
            }
        }

        foreach (var doc in Directory.GetFiles(Path.Combine(Root, "docs"), "*.md"))
        {
            foreach (var row in File.ReadLines(doc).Where(l => l.StartsWith('|')))
            {
                foreach (Match endpoint in TableEndpoint().Matches(row))
                {
                    foreach (var method in endpoint.Groups[1].Value.Split(','))
                    {
                        yield return (method, Template(endpoint.Groups[2].Value));
                    }
                }
            }
        }
    }

    /// <summary><c>/api/orders/{id}</c> as a pattern where <c>{id}</c> stands for one segment (a value or a .http
    /// variable).</summary>
    private static Regex Template(string path) => new(
        "^" + string.Join("/", path.Split('/').Select(s =>
            s.StartsWith('{') && s.EndsWith('}') ? "[^/]+" : Regex.Escape(s))) + "$",
        RegexOptions.None,
        TimeSpan.FromSeconds(1));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Monolith.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Monolith.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"(?m)^(GET|POST|PUT|DELETE|PATCH) \{\{baseUrl\}\}([^?\s]*)")]
    private static partial Regex RequestLine();

    [GeneratedRegex(@"`((?:GET|POST|PUT|DELETE|PATCH)(?:,(?:GET|POST|PUT|DELETE|PATCH))*) (/[^`?\s]*)")]
    private static partial Regex TableEndpoint();
}

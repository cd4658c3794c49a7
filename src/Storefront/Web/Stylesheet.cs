using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Storefront.Web;

/// <summary><c>GET /storefront.css</c>: the one hand-written stylesheet, embedded in the assembly so that every
/// process that serves the storefront has it, whatever folder it runs from.</summary>
internal static class Stylesheet
{
    private static readonly Lazy<byte[]> Content = new(() =>
    {
        using var stream = typeof(Stylesheet).Assembly.GetManifestResourceStream("storefront.css")
            ?? throw new InvalidOperationException("storefront.css is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/storefront.css", (HttpContext http) =>
        {
            http.Response.OnStarting(() =>
            {
                http.Response.Headers.CacheControl = "public, max-age=3600";
                return Task.CompletedTask;
            });
            return Results.Bytes(Content.Value, "text/css; charset=utf-8");
        }).AllowAnonymous();
}

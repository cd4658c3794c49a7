using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BuildingBlocks.Web;

/// <summary>
/// A NUL character in a query or form value, or a form that cannot be read, is refused with a 400 problem before any
/// endpoint sees it. No field of the shop accepts a NUL, and PostgreSQL can neither store nor compare one (22021): on
/// PostgreSQL a <c>%00</c> in the catalog search or in the query of an OAuth endpoint reached a query and answered 500;
/// in a URL-encoded form (<c>/connect/token</c>, <c>/connect/introspect</c>...) it was a 500 on any database. Kestrel
/// itself refuses a NUL in the path and in headers, and JSON bodies go through each field's validator.
/// </summary>
/// <remarks>
/// For the Host only: the gateway relays bodies without reading them, and the Host behind it refuses.
/// </remarks>
public static class NulCharacterRefusal
{
    public static IApplicationBuilder UseNulCharacterRefusal(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            // The raw query: a NUL can only arrive percent-encoded (Kestrel refuses the bare byte).
            if (http.Request.QueryString.Value?.Contains("%00", StringComparison.Ordinal) == true)
            {
                throw new BadHttpRequestException(
                    "The query string holds a NUL character (%00), which no parameter accepts.");
            }

            if (http.Request.HasFormContentType && await HasNulAsync(http.Request))
            {
                throw new BadHttpRequestException("The form holds a NUL character, which no field accepts.");
            }

            await next(http);
        });

    private static async Task<bool> HasNulAsync(HttpRequest request)
    {
        IFormCollection form;
        try
        {
            // Parsed once: the endpoint that reads the form later gets this same collection.
            form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (InvalidDataException unreadable)
        {
            // ASP.NET Core's own reader refuses a %00 in a URL-encoded value, or a form over its limits (value count,
            // length): OpenIddict's endpoints let that through as a 500, whatever the database.
            throw new BadHttpRequestException($"The form could not be read: {unreadable.Message}", unreadable);
        }

        return form.Any(field => field.Key.Contains('\0', StringComparison.Ordinal)
            || field.Value.Any(value => value?.Contains('\0', StringComparison.Ordinal) == true));
    }
}

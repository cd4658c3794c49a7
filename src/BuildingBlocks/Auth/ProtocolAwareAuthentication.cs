using System.Reflection;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BuildingBlocks.Auth;

/// <summary>
/// Authentication as <c>UseAuthentication</c> does it, with the framework's own middleware, except that a request
/// handler scheme with known paths is asked only about requests on those paths. <c>UseAuthentication</c> asks every
/// request handler about every request whether it is one of its protocol messages; OpenIddict's server answers that
/// by building a transaction and matching the request against each of its endpoints: 11% of the Host's CPU under
/// <c>GET /api/catalog/products/{id}</c> (perf, docs/benchmarks.md). A scheme whose paths are unknown is asked about
/// every request, as before.
/// </summary>
public static class ProtocolAwareAuthentication
{
    // WebApplication adds UseAuthentication by itself unless the application's builder carries this key.
    private const string AuthenticationMiddlewareSet = "__AuthenticationMiddlewareSet";

    public static IApplicationBuilder UseProtocolAwareAuthentication(this IApplicationBuilder app)
    {
        app.Properties[AuthenticationMiddlewareSet] = true;
        return app.UseMiddleware<Middleware>();
    }

    /// <summary>The paths of each request handler scheme whose paths can be known; the others are left out.</summary>
    private static async Task<Dictionary<string, PathString[]>> KnownRequestHandlerPathsAsync(
        IAuthenticationSchemeProvider schemes, IServiceProvider services)
    {
        var declared = services.GetServices<ProtocolPaths>().ToDictionary(p => p.Scheme, p => p.Paths.ToArray());
        var known = new Dictionary<string, PathString[]>();
        foreach (var scheme in await schemes.GetRequestHandlerSchemesAsync())
        {
            if ((declared.GetValueOrDefault(scheme.Name) ?? RemoteHandlerPaths(scheme, services)) is { } paths)
            {
                known[scheme.Name] = paths;
            }
        }

        return known;
    }

    // A RemoteAuthenticationHandler<TOptions> answers its CallbackPath (the OpenID Connect handler also its sign-out
    // callbacks): every PathString of its options, a superset that can only cost an extra question.
    private static PathString[]? RemoteHandlerPaths(AuthenticationScheme scheme, IServiceProvider services)
    {
        for (var type = scheme.HandlerType; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(RemoteAuthenticationHandler<>))
            {
                var optionsType = type.GetGenericArguments()[0];
                var monitor = services.GetRequiredService(typeof(IOptionsMonitor<>).MakeGenericType(optionsType));
                var options = monitor.GetType().GetMethod(nameof(IOptionsMonitor<object>.Get))!
                    .Invoke(monitor, [scheme.Name]);
                return optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(p => p.PropertyType == typeof(PathString))
                    .Select(p => (PathString)p.GetValue(options)!)
                    .Where(p => p.HasValue)
                    .ToArray();
            }
        }

        return null;
    }

    private sealed class Middleware(
        RequestDelegate next, IAuthenticationSchemeProvider schemes, IServiceProvider services)
    {
        private readonly Lazy<Task<Pipelines>> _pipelines = new(() => Pipelines.BuildAsync(next, schemes, services));

        public async Task Invoke(HttpContext context)
        {
            var pipelines = await _pipelines.Value;
            var (path, pathBase) = (context.Request.Path, context.Request.PathBase);
            var onProtocolPath = pipelines.ProtocolPaths.Any(p =>
                path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)
                || (pathBase.HasValue && pathBase.Add(path).StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)));
            await (onProtocolPath ? pipelines.All : pipelines.Others).Invoke(context);
        }
    }

    /// <summary>The framework's middleware twice: with every request handler for the protocol paths, and without the
    /// request handlers whose paths are known for every other request.</summary>
    private sealed record Pipelines(
        PathString[] ProtocolPaths, AuthenticationMiddleware All, AuthenticationMiddleware Others)
    {
        public static async Task<Pipelines> BuildAsync(
            RequestDelegate next, IAuthenticationSchemeProvider schemes, IServiceProvider services)
        {
            var known = await KnownRequestHandlerPathsAsync(schemes, services);
            return new Pipelines(
                [.. known.Values.SelectMany(p => p).Distinct()],
                new AuthenticationMiddleware(next, schemes),
                new AuthenticationMiddleware(next, new WithoutRequestHandlers(schemes, [.. known.Keys])));
        }
    }

    /// <summary>The application's schemes, without <paramref name="left"/> among the request handlers (a scheme added
    /// later is asked about every request).</summary>
    private sealed class WithoutRequestHandlers(IAuthenticationSchemeProvider inner, string[] left)
        : IAuthenticationSchemeProvider
    {
        private (IEnumerable<AuthenticationScheme> All, AuthenticationScheme[] Kept) _last = ([], []);

        // The default provider hands out the same array until a scheme is added or removed.
        public async Task<IEnumerable<AuthenticationScheme>> GetRequestHandlerSchemesAsync()
        {
            var all = await inner.GetRequestHandlerSchemesAsync();
            var last = _last;
            if (!ReferenceEquals(last.All, all))
            {
                _last = last = (all, [.. all.Where(s => !left.Contains(s.Name))]);
            }

            return last.Kept;
        }

        public Task<IEnumerable<AuthenticationScheme>> GetAllSchemesAsync() => inner.GetAllSchemesAsync();

        public Task<AuthenticationScheme?> GetSchemeAsync(string name) => inner.GetSchemeAsync(name);

        public Task<AuthenticationScheme?> GetDefaultAuthenticateSchemeAsync() =>
            inner.GetDefaultAuthenticateSchemeAsync();

        public Task<AuthenticationScheme?> GetDefaultChallengeSchemeAsync() => inner.GetDefaultChallengeSchemeAsync();

        public Task<AuthenticationScheme?> GetDefaultForbidSchemeAsync() => inner.GetDefaultForbidSchemeAsync();

        public Task<AuthenticationScheme?> GetDefaultSignInSchemeAsync() => inner.GetDefaultSignInSchemeAsync();

        public Task<AuthenticationScheme?> GetDefaultSignOutSchemeAsync() => inner.GetDefaultSignOutSchemeAsync();

        public void AddScheme(AuthenticationScheme scheme) => inner.AddScheme(scheme);

        public void RemoveScheme(string name) => inner.RemoveScheme(name);
    }
}

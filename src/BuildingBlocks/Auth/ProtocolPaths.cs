using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace BuildingBlocks.Auth;

/// <summary>
/// The paths where an <see cref="IAuthenticationRequestHandler"/> scheme answers protocol messages itself (OpenIddict's
/// endpoints, declared by the module that runs it). Remote handlers (an OpenID Connect client's callbacks) need no
/// declaration: their paths are read from their options.
/// </summary>
public sealed record ProtocolPaths(string Scheme, IReadOnlyList<PathString> Paths);

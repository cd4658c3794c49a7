using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Server;

/// <summary>
/// RFC 7636 §4.2: a code challenge is 43 to 128 characters. OpenIddict checks only that one is present, so a client
/// could send a one-character challenge and weaken its own PKCE; such a request is refused with invalid_request.
/// </summary>
internal sealed class PkceChallengeLength : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .UseSingletonHandler<PkceChallengeLength>()
            .SetOrder(
                OpenIddictServerHandlers.Authentication.ValidateProofKeyForCodeExchangeParameters.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        if (context.Request.CodeChallenge is { Length: < 43 or > 128 })
        {
            context.Reject(Errors.InvalidRequest, "The code_challenge must be 43 to 128 characters long.");
        }

        return ValueTask.CompletedTask;
    }
}

using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Server;

/// <summary>
/// A token request that prints its PKCE <c>code_verifier</c> as <c>[redacted]</c>. OpenIddict logs every token
/// request at Information level and redacts codes, tokens and secrets, but not the verifier: with the code (in the
/// redirect URI's history or a proxy log) it is enough to redeem it.
/// </summary>
internal sealed class RedactedTokenRequest(OpenIddictRequest request) : OpenIddictRequest(request.GetParameters())
{
    public override string ToString()
    {
        var printed = new OpenIddictRequest(GetParameters());
        if (printed.CodeVerifier is not null)
        {
            printed.CodeVerifier = "[redacted]";
        }

        // A device code redeems the user's tokens for a public client, like a code with its verifier.
        if (printed.DeviceCode is not null)
        {
            printed.DeviceCode = "[redacted]";
        }

        return printed.ToString();
    }

    /// <summary>Swaps the extracted request for its redacted twin before OpenIddict logs it.</summary>
    internal sealed class Handler : IOpenIddictServerHandler<ExtractTokenRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ExtractTokenRequestContext>()
                .UseSingletonHandler<Handler>()
                .SetOrder(int.MaxValue - 100_000)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ExtractTokenRequestContext context)
        {
            if (context.Request is { } extracted and not RedactedTokenRequest)
            {
                context.Request = new RedactedTokenRequest(extracted);
            }

            return ValueTask.CompletedTask;
        }
    }
}

using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Server;

/// <summary>
/// A device authorization response that prints its <c>device_code</c> as <c>[redacted]</c>. OpenIddict logs every
/// response it writes at Information level, and does not redact the device code: <c>shop-cli</c> is a public client,
/// so anyone who reads the log could poll the token endpoint with that code and receive the user's tokens once the
/// user approves. The JSON sent to the device is unchanged: only the printed form differs.
/// </summary>
internal sealed class RedactedDeviceResponse(OpenIddictResponse response)
    : OpenIddictResponse(response.GetParameters())
{
    public override string ToString()
    {
        var printed = new OpenIddictResponse(GetParameters());
        if (printed.DeviceCode is not null)
        {
            printed.DeviceCode = "[redacted]";
        }

        return printed.ToString();
    }

    /// <summary>Swaps the response for its redacted twin before OpenIddict writes and logs it.</summary>
    internal sealed class Handler : IOpenIddictServerHandler<ApplyDeviceAuthorizationResponseContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyDeviceAuthorizationResponseContext>()
                .UseSingletonHandler<Handler>()
                .SetOrder(int.MinValue + 100_000)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ApplyDeviceAuthorizationResponseContext context)
        {
            if (context.Response is { } response and not RedactedDeviceResponse)
            {
                context.Response = new RedactedDeviceResponse(response);
            }

            return ValueTask.CompletedTask;
        }
    }
}

namespace Gateway;

/// <summary>A public type of the Gateway assembly, for <c>WebApplicationFactory&lt;GatewayMarker&gt;</c> (the Host also
/// has a global <c>Program</c>).</summary>
public sealed class GatewayMarker;

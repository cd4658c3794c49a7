// Deliberate violations: kernel or gateway code that knows a module.
namespace ArchitectureTests.Violations.Kernel;

internal static class KernelShortcut
{
    public static string Ordering() => new Ordering.OrderingModule().Name;
}

internal static class GatewayRouteToCart
{
    public static Type Cart() => typeof(Cart.CartModule);
}

/// <summary>Fine: no module in sight.</summary>
internal static class KernelClock
{
    public static DateTime Now() => DateTime.UtcNow;
}

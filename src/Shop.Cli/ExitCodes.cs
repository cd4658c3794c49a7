namespace Shop.Cli;

/// <summary>What <c>shop</c> returns, for scripts (docs/cli.md lists them). Never renumber one: scripts rely on
/// them.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Anything unexpected: a 5xx answer, a reply the CLI cannot read.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong (unknown command, missing argument).</summary>
    public const int Usage = 2;

    /// <summary>Not signed in, or the session ended (401, refresh refused, sign-in denied or expired).</summary>
    public const int NotSignedIn = 3;

    /// <summary>Signed in, but not allowed (403): an admin command as a customer.</summary>
    public const int Forbidden = 4;

    /// <summary>No such product or order (404), also someone else's order.</summary>
    public const int NotFound = 5;

    /// <summary>The shop's state refuses it (409; 412 when something changed meanwhile): out of stock, an order that
    /// can no longer be cancelled, a duplicate SKU, a limit.</summary>
    public const int Conflict = 6;

    /// <summary>Invalid input the server refused (400, 413, 422).</summary>
    public const int Invalid = 7;

    /// <summary>Too many requests (429): try again after the time the message gives.</summary>
    public const int RateLimited = 8;

    /// <summary><c>shop checkout</c>: the order was placed and then rejected (not enough stock).</summary>
    public const int OrderRejected = 9;

    /// <summary><c>shop checkout</c>: the order was placed but still not decided when the wait ended.</summary>
    public const int StillPending = 10;

    /// <summary>The shop cannot be reached (connection refused, DNS, TLS, timeout).</summary>
    public const int Unreachable = 11;
}

using System.CommandLine;

namespace Shop.Cli;

/// <summary>The options every command takes (<c>--url</c>, <c>--output</c>, <c>--ca</c>).</summary>
internal static class GlobalOptions
{
    public const string DefaultUrl = "http://localhost:5080";

    public static readonly Option<string> Url = new("--url")
    {
        Description = "The shop: the monolith (http://localhost:5080) or the gateway (https://localhost:5443). " +
            "Default: $SHOP_URL, else " + DefaultUrl + ".",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SHOP_URL") is { Length: > 0 } url
            ? url
            : DefaultUrl,
    };

    public static readonly Option<string> Output = new("--output", "-o")
    {
        Description = "table (for people) or json (the API's JSON, for scripts).",
        Recursive = true,
        DefaultValueFactory = _ => "table",
    };

    public static readonly Option<string?> Ca = new("--ca")
    {
        Description = "A PEM certificate to trust besides the system's (the gateway's development certificate). " +
            "Default: $SHOP_CA.",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SHOP_CA") is { Length: > 0 } ca ? ca : null,
    };

    static GlobalOptions() => Output.AcceptOnlyFromAmong("table", "json");
}

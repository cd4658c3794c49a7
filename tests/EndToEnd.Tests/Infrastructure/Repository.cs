using System.Reflection;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>Where the checkout is, and which configuration of the binaries this test assembly was built with.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Configuration { get; }
        = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "Configuration").Value!;

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string Binary(string project)
        => Path("src", project, "bin", Configuration, "net10.0", project + ".dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Monolith.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Monolith.sln above {AppContext.BaseDirectory}.");
    }
}

using System.Xml.Linq;

namespace ArchitectureTests;

/// <summary>
/// The same isolation one level up, on the project files: the compiler drops a reference nobody uses, so
/// the IL alone cannot show a project that reaches for another module and simply does not use it yet.
/// </summary>
internal static class ProjectRules
{
    public static readonly string RepositoryRoot = FindRoot(AppContext.BaseDirectory);

    public static XDocument Load(string relativePath) => XDocument.Load(Path.Combine(RepositoryRoot, relativePath));

    /// <summary>The projects <paramref name="project"/> references that <paramref name="allowed"/> refuses (by project
    /// name).</summary>
    public static IReadOnlyList<string> ReferencesBeyond(XDocument project, Func<string, bool> allowed) =>
        project.Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(((string?)r.Attribute("Include") ?? "").Replace('\\', '/')))
            .Where(name => !allowed(name))
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static string FindRoot(string start)
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Monolith.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"Monolith.sln not found above {start}.");
    }
}

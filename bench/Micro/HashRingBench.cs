using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using BenchmarkDotNet.Attributes;

namespace Micro;

/// <summary>
/// The Gateway's consistent-hash ring (<c>Gateway.LoadBalancing.HashRing&lt;T&gt;</c>, internal), loaded by
/// reflection from the Gateway's build output so that this project builds whether or not the Gateway does.
/// The assembly path comes from <c>GATEWAY_DLL</c> (bench/run.sh sets it).
/// </summary>
public static class GatewayRing
{
    public const int DefaultVirtualNodes = 640;

    public static string? DllPath => Environment.GetEnvironmentVariable("GATEWAY_DLL");

    public static bool Available => DllPath is { } p && File.Exists(p);

    private static Type? _ringType;

    /// <summary>Builds a ring of the members (their own strings as ids) and returns its lookup.</summary>
    public static Func<string, string?> Build(IReadOnlyList<string> members, int virtualNodes = DefaultVirtualNodes)
    {
        var type = RingType();
        var build = type.GetMethod("Build", BindingFlags.Public | BindingFlags.Static)
            ?? throw new MissingMethodException(type.FullName, "Build");
        var ring = build.Invoke(null, [members, (Func<string, string>)(m => m), virtualNodes])!;
        var owner = type.GetMethod("Owner", BindingFlags.Public | BindingFlags.Instance)
            ?? throw new MissingMethodException(type.FullName, "Owner");
        return (Func<string, string?>)Delegate.CreateDelegate(typeof(Func<string, string?>), ring, owner);
    }

    private static Type RingType()
    {
        if (_ringType is not null)
        {
            return _ringType;
        }

        var path = Path.GetFullPath(DllPath ?? throw new InvalidOperationException("GATEWAY_DLL is not set"));
        var directory = Path.GetDirectoryName(path)!;
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            var candidate = Path.Combine(directory, name.Name + ".dll");
            return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
        };
        var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
        var open = assembly.GetType("Gateway.LoadBalancing.HashRing`1")
            ?? throw new TypeLoadException("Gateway.LoadBalancing.HashRing`1 not found in " + path);
        return _ringType = open.MakeGenericType(typeof(string));
    }

    public static string[] Instances(int count) =>
        [.. Enumerable.Range(1, count)
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"http://10.0.0.{i}:8080/"))];

    /// <summary>Spread of 1M keys over 10 instances and keys moved when an 11th is added; one JSON line.</summary>
    public static string Stats(int instances = 10, int keys = 1_000_000, int virtualNodes = DefaultVirtualNodes)
    {
        var members = Instances(instances);
        var ring = Build(members, virtualNodes);
        var grown = Build(Instances(instances + 1), virtualNodes);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var moved = 0;
        for (var k = 0; k < keys; k++)
        {
            var key = Guid.CreateVersion7().ToString();
            var owner = ring(key)!;
            counts[owner] = counts.GetValueOrDefault(owner) + 1;
            if (!string.Equals(owner, grown(key), StringComparison.Ordinal))
            {
                moved++;
            }
        }

        var mean = (double)keys / instances;
        var values = members.Select(m => counts.GetValueOrDefault(m)).ToArray();
        var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / instances);
        var movedFraction = (double)moved / keys;
        var ideal = 1.0 / (instances + 1);
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"instances\":{instances},\"keys\":{keys},\"virtualNodes\":{virtualNodes},"
            + $"\"maxOverMean\":{values.Max() / mean:F4},\"minOverMean\":{values.Min() / mean:F4},"
            + $"\"stdOverMean\":{std / mean:F4},\"std\":{std:F1},\"movedFraction\":{movedFraction:F5},"
            + $"\"idealMovedFraction\":{ideal:F5},\"movedOverIdeal\":{movedFraction / ideal:F4}}}");
    }
}

/// <summary>Lookup cost of the Gateway's ring (10 instances, 160 or 640 virtual nodes each): one hash and one binary
/// search.</summary>
[MemoryDiagnoser]
public class ConsistentHashLookup
{
    private Func<string, string?> _owner = null!;
    private string[] _keys = null!;
    private int _next;

    [Params(160, GatewayRing.DefaultVirtualNodes)]
    public int VirtualNodes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _owner = GatewayRing.Build(GatewayRing.Instances(10), VirtualNodes);
        _keys = [.. Enumerable.Range(0, 1024).Select(_ => Guid.CreateVersion7().ToString())];
    }

    [Benchmark]
    public string? Lookup() => _owner(_keys[_next++ & 1023]);
}

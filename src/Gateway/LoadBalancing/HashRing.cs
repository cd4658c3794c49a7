using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Gateway.LoadBalancing;

/// <summary>
/// A consistent-hash ring: every member owns <c>virtualNodes</c> points (XxHash64 of "<c>id#n</c>"), a key
/// belongs to the first point at or after its own hash. Adding one member to N moves about 1/(N+1) of the keys,
/// all of them to the new member. Points are a sorted array: a lookup is one hash and one binary search.
/// </summary>
internal sealed class HashRing<T>
    where T : class
{
    private readonly ulong[] _points;
    private readonly int[] _owners;
    private readonly T[] _members;

    private HashRing(ulong[] points, int[] owners, T[] members)
    {
        _points = points;
        _owners = owners;
        _members = members;
    }

    public static HashRing<T> Build(IReadOnlyList<T> members, Func<T, string> idOf, int virtualNodes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(virtualNodes, 1);
        var points = new ulong[members.Count * virtualNodes];
        var owners = new int[points.Length];
        for (var m = 0; m < members.Count; m++)
        {
            var id = idOf(members[m]);
            for (var v = 0; v < virtualNodes; v++)
            {
                points[(m * virtualNodes) + v] = Hash($"{id}#{v}");
                owners[(m * virtualNodes) + v] = m;
            }
        }

        Array.Sort(points, owners);
        return new HashRing<T>(points, owners, [.. members]);
    }

    /// <summary>Whether this ring was built for exactly these members, in this order (the cache check).</summary>
    public bool IsFor(IReadOnlyList<T> members)
    {
        if (members.Count != _members.Length)
        {
            return false;
        }

        for (var i = 0; i < _members.Length; i++)
        {
            if (!ReferenceEquals(members[i], _members[i]))
            {
                return false;
            }
        }

        return true;
    }

    public T? Owner(string key)
    {
        if (_points.Length == 0)
        {
            return null;
        }

        var index = Array.BinarySearch(_points, Hash(key));
        if (index < 0)
        {
            index = ~index;
        }

        return _members[_owners[index == _points.Length ? 0 : index]];
    }

    public static ulong Hash(string value) => XxHash64.HashToUInt64(MemoryMarshal.AsBytes(value.AsSpan()));
}

using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace BuildingBlocks.Web;

/// <summary>Strong ETags derived from a resource's version number, and <c>If-Match</c> parsing.</summary>
public static class ETags
{
    public static string For(long version) => $"\"{version}\"";

    public static void Set(HttpResponse response, long version) => response.Headers.ETag = For(version);

    /// <summary>Whether the request is conditional on <c>If-Match</c> at all (a version, or <c>*</c>).</summary>
    public static bool HasIfMatch(HttpRequest request) => !string.IsNullOrWhiteSpace(request.Headers.IfMatch);

    /// <summary>The version an <c>If-Match</c> header names: null when absent or <c>*</c> (any current version, RFC
    /// 9110 13.1.1: the resource only has to exist), -1 when it names no version of ours (always stale).</summary>
    public static long? IfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        if (!EntityTagHeaderValue.TryParseList(header.Split(','), out var tags))
        {
            return -1;
        }

        foreach (var tag in tags)
        {
            if (tag.Equals(EntityTagHeaderValue.Any))
            {
                return null;
            }

            if (!tag.IsWeak && long.TryParse(tag.Tag.AsSpan(1, tag.Tag.Length - 2), out var version))
            {
                return version;
            }
        }

        return -1;
    }
}

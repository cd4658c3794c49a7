using System.Security.Cryptography;
using Microsoft.Extensions.Caching.Memory;

namespace Storefront.Web;

/// <summary>
/// A message for the page a form redirects to (post/redirect/get). The redirect carries only a random id, so nobody
/// can make the shop display a text of their own by sending a link.
/// </summary>
public sealed class Flash(IMemoryCache cache)
{
    public const string Parameter = "flash";

    public string Put(string message, bool isError)
    {
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        cache.Set("flash:" + id, new FlashMessage(message, isError), TimeSpan.FromMinutes(5));
        return id;
    }

    public FlashMessage? Read(string? id) =>
        id is { Length: > 0 and <= 64 } && cache.TryGetValue("flash:" + id, out FlashMessage? message) ? message : null;

    /// <summary><paramref name="path"/> with the message's id in its query.</summary>
    public string Redirect(string path, string message, bool isError = false) =>
        path + (path.Contains('?', StringComparison.Ordinal) ? '&' : '?') + Parameter + "=" + Put(message, isError);
}

public sealed record FlashMessage(string Text, bool IsError);

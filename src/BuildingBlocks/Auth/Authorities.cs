namespace BuildingBlocks.Auth;

/// <summary>
/// The Identity instances a process reads the discovery document and keys from: <c>Auth:Authority</c>, comma-separated
/// (several Hosts running Identity), else the issuer. They are tried in turn, starting with the last one that answered,
/// so one instance down stops neither token validation nor service tokens.
/// </summary>
internal sealed class Authorities
{
    private int _preferred;

    public Authorities(ShopAuthOptions options)
    {
        Issuer = options.CanonicalIssuer;
        var configured = (options.Authority ?? "").Split(
            ',',
            StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        All = configured.Length == 0 ? [Issuer] : configured.Select(a => a.EndsWith('/') ? a : a + "/").ToArray();
    }

    public string Issuer { get; }

    public IReadOnlyList<string> All { get; }

    /// <summary>Identity is reached at the public address itself: no address needs moving.</summary>
    public bool AreTheIssuer => All.Count == 1 && string.Equals(All[0], Issuer, StringComparison.OrdinalIgnoreCase);

    /// <summary>An address under the issuer (as discovery names them) or under the first authority, moved under
    /// <paramref name="authority"/>.</summary>
    public string Under(string authority, string address)
    {
        foreach (var prefix in new[] { Issuer, All[0] })
        {
            if (address.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return authority + address[prefix.Length..];
            }
        }

        return address;
    }

    /// <summary>Runs <paramref name="call"/> against each authority in turn until one succeeds; throws the last
    /// failure.</summary>
    public async Task<T> FirstAnsweringAsync<T>(Func<string, Task<T>> call, CancellationToken cancellationToken)
    {
        var start = Volatile.Read(ref _preferred);
        var failures = new List<Exception>();
        for (var i = 0; i < All.Count; i++)
        {
            var index = (start + i) % All.Count;
            try
            {
                var answer = await call(All[index]);
                Volatile.Write(ref _preferred, index);
                return answer;
            }
            catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
            {
                failures.Add(failure);
            }
        }

        throw failures.Count == 1
            ? failures[0]
            : new AggregateException($"No authority answered ({string.Join(", ", All)}).", failures);
    }
}

using TestSupport;

namespace Identity.Tests;

/// <summary>One Host shared by the tests that do not restart it or change its settings.</summary>
public sealed class IdentityHost : IDisposable
{
    public ShopHost Host { get; } = new();

    public void Dispose() => Host.Dispose();
}

[CollectionDefinition(Name)]
public sealed class IdentityCollection : ICollectionFixture<IdentityHost>
{
    public const string Name = "identity";
}

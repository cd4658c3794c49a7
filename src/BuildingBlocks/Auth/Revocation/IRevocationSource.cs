namespace BuildingBlocks.Auth.Revocation;

/// <summary>
/// Where this process reads the revocations that are still in force: the Identity module's database when it runs in
/// this process (it registers its own source), else <see cref="RemoteRevocationSource"/>.
/// </summary>
public interface IRevocationSource
{
    Task<IReadOnlyList<RevokedAuthorization>> ReadAsync(CancellationToken cancellationToken);
}

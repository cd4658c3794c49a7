namespace Shop.Client.Auth;

/// <summary>The authorization server refused: <see cref="Error"/> is the OAuth error code (<c>invalid_grant</c>,
/// <c>access_denied</c>, <c>expired_token</c>...).</summary>
public sealed class OAuthException : Exception
{
    public OAuthException()
        : this("unknown_error", (string?)null)
    {
    }

    public OAuthException(string message)
        : this("unknown_error", message)
    {
    }

    public OAuthException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = "unknown_error";
    }

    public OAuthException(string error, string? description)
        : base(description is null ? error : $"{error}: {description}")
    {
        Error = error;
        Description = description;
    }

    public string Error { get; }

    public string? Description { get; }
}

namespace Identity.Keys;

/// <summary>The key-encryption key is missing, unreadable, or not the one the stored keys were wrapped with: the
/// process must not start (every token and sign-in would fail).</summary>
internal sealed class KeyEncryptionException(string message, Exception? inner = null)
    : InvalidOperationException(message, inner);

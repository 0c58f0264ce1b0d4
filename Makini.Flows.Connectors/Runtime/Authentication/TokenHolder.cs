namespace Makini.Flows.Connectors.Runtime.Authentication;

/// <summary>
/// A connection's current session or access token, shared by its concurrent calls so that one login serves them
/// all; held in the runtime's bounded cache.
/// </summary>
internal sealed class TokenHolder
{
    public SemaphoreSlim Gate { get; } = new(1, 1);
    public string? Token { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>A token that has not expired, with a margin so it does not expire in flight.</summary>
    public string? Valid(DateTimeOffset now) =>
        Token is not null && (ExpiresAt is null || ExpiresAt > now.AddSeconds(30)) ? Token : null;
}

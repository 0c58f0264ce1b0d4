namespace Makini.Flows.Connectors.Runtime.Authentication;

/// <summary>Authenticates requests to a source, one way (<see cref="Manifests.AuthenticationSpec"/>).</summary>
internal interface ISourceAuthentication
{
    /// <summary>Adds what authenticates the request (a header, a signed query), logging in first when needed.</summary>
    ValueTask ApplyAsync(SourceRequest request, CancellationToken cancellationToken);

    /// <summary>Whether a 401 may be cured by a new session or token.</summary>
    bool CanRenew { get; }

    /// <summary>Drops the current session or token, so the next request logs in again.</summary>
    ValueTask RenewAsync(CancellationToken cancellationToken);
}

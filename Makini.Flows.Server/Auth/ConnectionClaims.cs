using System.Security.Claims;

namespace Makini.Flows.Server.Auth;

/// <summary>The claims of a caller authenticated with a connection token.</summary>
public static class ConnectionClaims
{
    /// <summary>The id of the one connection the token reads.</summary>
    public const string ConnectionId = "makini:connection";

    /// <summary>The connection a connection token is scoped to; null for API keys.</summary>
    public static string? ConnectionIdOf(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Connection) ? user.FindFirst(ConnectionId)?.Value : null;
}

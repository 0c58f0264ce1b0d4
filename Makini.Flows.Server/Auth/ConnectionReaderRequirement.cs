using Microsoft.AspNetCore.Authorization;

namespace Makini.Flows.Server.Auth;

/// <summary>
/// The <see cref="Roles.ConnectionReaderPolicy"/>: admin keys pass; a connection token passes only when the route's
/// connection (<c>{connectionId}</c>, else <c>{id}</c>) is its own. A route without a connection id lets the token
/// through, and the endpoint must then read only the caller's connection
/// (<see cref="ConnectionClaims.ConnectionIdOf"/>). Runner keys never pass.
/// </summary>
public sealed class ConnectionReaderRequirement
    : AuthorizationHandler<ConnectionReaderRequirement>,
        IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(
        AuthorizationHandlerContext context,
        ConnectionReaderRequirement requirement
    )
    {
        if (context.User.IsInRole(Roles.Admin))
            context.Succeed(requirement);
        else if (
            ConnectionClaims.ConnectionIdOf(context.User) is { } own
            && context.Resource is HttpContext http
            && (http.GetRouteValue("connectionId") ?? http.GetRouteValue("id")) is var asked
            && (asked is null || asked as string == own)
        )
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

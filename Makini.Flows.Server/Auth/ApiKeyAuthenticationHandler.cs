using System.Security.Claims;
using System.Text.Encodings.Web;
using Makini.Flows.Server.Connections;
using Makini.Flows.Server.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makini.Flows.Server.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer KEY</c> or <c>X-Api-Key: KEY</c> against the stored key hashes, and
/// answers 401 and 403 as problem+json. A connection token (<c>mkc_...</c>) authenticates with the role
/// <see cref="Roles.Connection"/> and its connection's id as a claim (<see cref="ConnectionClaims"/>).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyCache cache,
    ConnectionTokenCache tokens,
    TimeProvider time
) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = KeyFromRequest(Request);
        if (key is null)
            return AuthenticateResult.NoResult();
        var hash = ApiKeys.Hash(key);
        if (ConnectionTokens.IsToken(key))
            return await AuthenticateTokenAsync(hash);
        var record = cache.Find(hash);
        if (record is null)
        {
            // Resolved here, not in the constructor: requests without a key (public triggers) need no database.
            var db = Context.RequestServices.GetRequiredService<FlowsDbContext>();
            record = await db
                .ApiKeys.AsNoTracking()
                .FirstOrDefaultAsync(k => k.Hash == hash, Context.RequestAborted);
            if (record is null)
                return AuthenticateResult.Fail("unknown API key");
            cache.Remember(record);
        }
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, record.Id),
                new Claim(ClaimTypes.Name, record.Name),
                new Claim(ClaimTypes.Role, record.Role),
            ],
            SchemeName
        );
        return AuthenticateResult.Success(
            new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)
        );
    }

    private async Task<AuthenticateResult> AuthenticateTokenAsync(string hash)
    {
        var entry = tokens.Find(hash);
        if (entry is null)
        {
            var db = Context.RequestServices.GetRequiredService<FlowsDbContext>();
            var record = await db
                .ConnectionTokens.AsNoTracking()
                .FirstOrDefaultAsync(t => t.Hash == hash, Context.RequestAborted);
            if (record is null)
                return AuthenticateResult.Fail("unknown connection token");
            tokens.Remember(hash, record);
            entry = tokens.Find(hash)!;
        }
        var now = time.GetUtcNow().UtcDateTime;
        if (entry.LastUsedAt is not { } used || now - used >= ConnectionTokens.LastUsedPrecision)
        {
            var db = Context.RequestServices.GetRequiredService<FlowsDbContext>();
            await ConnectionTokens.TouchAsync(db, entry.TokenId, now, Context.RequestAborted);
            tokens.Used(hash, entry, now);
        }
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, entry.TokenId),
                new Claim(ClaimTypes.Name, entry.Name),
                new Claim(ClaimTypes.Role, Roles.Connection),
                new Claim(ConnectionClaims.ConnectionId, entry.ConnectionId),
            ],
            SchemeName
        );
        return AuthenticateResult.Success(
            new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)
        );
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var missing = KeyFromRequest(Request) is null;
        Response.Headers.WWWAuthenticate = missing ? "Bearer" : "Bearer error=\"invalid_token\"";
        return Problems.Write(
            Context,
            StatusCodes.Status401Unauthorized,
            "An API key is required",
            missing
                ? "Send an API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'."
                : "The API key is not valid."
        );
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Write(
            Context,
            StatusCodes.Status403Forbidden,
            "Not allowed for this key",
            Context.User.IsInRole(Roles.Connection)
                ? "A connection token reads only its own connection."
                : "This API key's role does not allow this operation."
        );

    public static string? KeyFromRequest(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return authorization["Bearer ".Length..].Trim();
        var header = request.Headers["X-Api-Key"].ToString();
        return header.Length > 0 ? header.Trim() : null;
    }
}

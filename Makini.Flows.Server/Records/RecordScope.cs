using Makini.Flows.Server.Auth;
using Makini.Flows.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Records;

/// <summary>
/// Whose records a request reads: a connection token reads its own connection (naming another one in
/// <c>X-Connection-Id</c> is refused, 403); an admin key names the connection in <c>X-Connection-Id</c>
/// (400 when missing, 404 when no such connection).
/// </summary>
public static class RecordScope
{
    public const string Header = "X-Connection-Id";

    public static async Task<(string? ConnectionId, ProblemHttpResult? Problem)> ResolveAsync(
        HttpContext http,
        FlowsDbContext db,
        CancellationToken ct
    )
    {
        var named = http.Request.Headers[Header].ToString().Trim();
        if (ConnectionClaims.ConnectionIdOf(http.User) is { } own)
            return named.Length == 0 || named == own
                ? (own, null)
                : (
                    null,
                    RecordProblems.NotAllowed("A connection token reads only its own connection.")
                );
        if (named.Length == 0)
            return (
                null,
                RecordProblems.Invalid(
                    Header,
                    $"An API key reads the records of the connection named in the {Header} header: send it.",
                    header: true
                )
            );
        return await db.Connections.AsNoTracking().AnyAsync(c => c.Id == named, ct)
            ? (named, null)
            : (null, RecordProblems.Missing($"no connection '{named}'"));
    }
}

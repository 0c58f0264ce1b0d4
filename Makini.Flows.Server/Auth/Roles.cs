namespace Makini.Flows.Server.Auth;

/// <summary>API key roles and the policies built on them.</summary>
public static class Roles
{
    /// <summary>Everything.</summary>
    public const string Admin = "admin";

    /// <summary>
    /// For systems that trigger flows: start runs (<c>POST /api/flows/{flowId}/runs</c>, and HTTP triggers whose
    /// access is <c>apiKey</c>) and read them (<c>GET /api/runs</c>, <c>/api/runs/{id}</c>,
    /// <c>/api/runs/{id}/journal</c>, the live events of <c>/api/runs/{id}/events</c> and <c>/api/events</c>);
    /// nothing else. The routes that take it name <see cref="RunnerPolicy"/>; every other route wants an admin key
    /// (the fallback policy). README lists the same, and a test walks every route with a runner key.
    /// </summary>
    public const string Runner = "runner";

    /// <summary>
    /// A connection token (<c>mkc_...</c>): reads its own connection's data and nothing else (claim
    /// <see cref="ConnectionClaims.ConnectionId"/>); never an API key's role.
    /// </summary>
    public const string Connection = "connection";

    public const string AdminPolicy = "admin";
    public const string RunnerPolicy = "runner";

    /// <summary>An admin key, or the token of the connection the request is about (<see cref="ConnectionReaderRequirement"/>).</summary>
    public const string ConnectionReaderPolicy = "connection-reader";

    public static bool IsKnown(string role) => role is Admin or Runner;
}

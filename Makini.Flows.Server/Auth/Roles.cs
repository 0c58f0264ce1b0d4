namespace Makini.Flows.Server.Auth;

/// <summary>API key roles and the policies built on them.</summary>
public static class Roles
{
    /// <summary>Everything.</summary>
    public const string Admin = "admin";

    /// <summary>Start runs and read them; nothing else.</summary>
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

namespace Makini.Flows.Server.Auth;

/// <summary>API key roles and the policies built on them.</summary>
public static class Roles
{
    /// <summary>Everything.</summary>
    public const string Admin = "admin";

    /// <summary>Start runs and read them; nothing else.</summary>
    public const string Runner = "runner";

    public const string AdminPolicy = "admin";
    public const string RunnerPolicy = "runner";

    public static bool IsKnown(string role) => role is Admin or Runner;
}

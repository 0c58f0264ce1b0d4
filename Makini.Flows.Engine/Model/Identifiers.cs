namespace Makini.Flows.Engine.Model;

/// <summary>What ids and names may look like, so scripts can use them as outputs.id or vars.name.</summary>
public static class Identifiers
{
    /// <summary>Flow and activity ids: a letter, then up to 63 letters, digits, _ or -.</summary>
    public const string Pattern = "^[A-Za-z][A-Za-z0-9_-]{0,63}$";

    /// <summary>Variable and parameter names: a JavaScript identifier.</summary>
    public const string ScriptName = "^[A-Za-z_$][A-Za-z0-9_$]{0,63}$";
}

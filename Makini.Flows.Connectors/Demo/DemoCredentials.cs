namespace Makini.Flows.Connectors.Demo;

/// <summary>The demo's one account. Public on purpose: the README and the connect form show them.</summary>
public static class DemoCredentials
{
    public const string Username = "demo@makini.io";
    public const string Password = "makini-demo";
}

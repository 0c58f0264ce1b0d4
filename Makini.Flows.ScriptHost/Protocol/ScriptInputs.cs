namespace Makini.Flows.ScriptHost.Protocol;

/// <summary>The run values a script names, so the server sends only those.</summary>
[Flags]
public enum ScriptInputs
{
    None = 0,
    Input = 1,
    Vars = 2,
    Outputs = 4,
    Item = 8,
    Index = 16,
}

namespace Makini.Flows.Engine.Activities;

/// <summary>A named output of an activity, readable from later scripts as outputs.&lt;id&gt;.&lt;name&gt;.</summary>
public sealed class Output<T>
{
    internal Output(string name) => Name = name;

    public string Name { get; }
}

namespace Makini.Flows.Engine.Activities;

/// <summary>Describes an <see cref="Output{T}"/> property of an activity.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class OutputAttribute(string description) : Attribute
{
    public string Description { get; } = description;
}

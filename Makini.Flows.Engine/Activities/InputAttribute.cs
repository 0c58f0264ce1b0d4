namespace Makini.Flows.Engine.Activities;

/// <summary>Describes an <see cref="Input{T}"/> property of an activity.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class InputAttribute(string description) : Attribute
{
    public string Description { get; } = description;

    public bool Required { get; init; }

    /// <summary>Default value as JSON text, used when the flow leaves the input out.</summary>
    public string? DefaultJson { get; init; }

    /// <summary>How the designer edits the input: singleline, multiline, code, checkbox, dropdown, json, list.</summary>
    public string UiHint { get; init; } = UiHints.SingleLine;

    /// <summary>Choices for a dropdown.</summary>
    public string[]? Options { get; init; }

    /// <summary>Whether the value must be a literal (it shapes the flowchart, e.g. port names).</summary>
    public bool LiteralOnly { get; init; }
}

public static class UiHints
{
    public const string SingleLine = "singleline";
    public const string MultiLine = "multiline";
    public const string Code = "code";
    public const string Checkbox = "checkbox";
    public const string Dropdown = "dropdown";
    public const string Json = "json";
    public const string List = "list";
    public const string Variable = "variable";
}

namespace Makini.Flows.Engine.Model;

/// <summary>How an activity input gets its value. Each kind is one key of an input object.</summary>
public enum ExpressionKind
{
    /// <summary><c>{"literal": value}</c>: the JSON value as written.</summary>
    Literal,

    /// <summary><c>{"variable": "name"}</c>: the current value of a flow variable.</summary>
    Variable,

    /// <summary><c>{"js": "source"}</c>: a JavaScript expression or script.</summary>
    JavaScript,

    /// <summary><c>{"cs": "source"}</c>: a C# expression.</summary>
    CSharp,
}

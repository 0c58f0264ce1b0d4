using System.ComponentModel;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Makini.Flows.Engine.Serialization;

namespace Makini.Flows.Engine.Model;

/// <summary>
/// The value of one activity input, written as an object with exactly one key:
/// <c>literal</c>, <c>variable</c>, <c>js</c> or <c>cs</c>.
/// </summary>
[JsonConverter(typeof(InputExpressionConverter))]
[Description("An input value: an object with exactly one of literal, variable, js or cs.")]
public sealed class InputExpression
{
    public InputExpression(ExpressionKind kind, JsonNode? literal = null, string? text = null)
    {
        Kind = kind;
        Literal = literal;
        Text = text ?? "";
    }

    public ExpressionKind Kind { get; }

    /// <summary>The value of a literal input (null for other kinds).</summary>
    public JsonNode? Literal { get; }

    /// <summary>The variable name or script source (empty for literals).</summary>
    public string Text { get; }

    public static InputExpression FromLiteral(JsonNode? value) =>
        new(ExpressionKind.Literal, value);

    public static InputExpression FromVariable(string name) =>
        new(ExpressionKind.Variable, text: name);

    public static InputExpression FromJavaScript(string source) =>
        new(ExpressionKind.JavaScript, text: source);

    public static InputExpression FromCSharp(string source) =>
        new(ExpressionKind.CSharp, text: source);

    /// <summary>The JSON key this kind is written under.</summary>
    public static string KeyOf(ExpressionKind kind) =>
        kind switch
        {
            ExpressionKind.Literal => "literal",
            ExpressionKind.Variable => "variable",
            ExpressionKind.JavaScript => "js",
            ExpressionKind.CSharp => "cs",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Makini.Flows.Tests.Fakes;

/// <summary>
/// The part of IBM Maximo's <c>oslc.where</c> syntax that integrations use: <c>attr op value</c> with
/// <c>= != &gt; &gt;= &lt; &lt;=</c>, quoted text or numbers, <c>and</c>, <c>or</c> and parentheses; a quoted value
/// with <c>%</c> after <c>=</c> matches like SQL's LIKE. Quoted ISO 8601 values compare as times against date
/// attributes.
/// </summary>
public sealed partial class MaximoWhere
{
    private readonly List<string> _tokens;
    private int _position;

    private MaximoWhere(string where) =>
        _tokens = Token().Matches(where).Select(m => m.Groups[1].Value).ToList();

    public static Func<JsonObject, bool> Parse(string where)
    {
        var parser = new MaximoWhere(where);
        var predicate = parser.Or();
        if (parser._position != parser._tokens.Count)
            throw new FormatException(
                $"unexpected '{parser._tokens[parser._position]}' in oslc.where"
            );
        return predicate;
    }

    [GeneratedRegex(
        """\s*("(?:[^"\\]|\\.)*"|<=|>=|!=|=|<|>|\(|\)|[A-Za-z_][A-Za-z0-9_.]*|-?\d+(?:\.\d+)?)\s*"""
    )]
    private static partial Regex Token();

    private string? Peek => _position < _tokens.Count ? _tokens[_position] : null;

    private string Take() =>
        Peek is { } token
            ? _tokens[_position++]
            : throw new FormatException("oslc.where ends too early");

    private bool TakeIf(string word)
    {
        if (Peek is { } token && token.Equals(word, StringComparison.OrdinalIgnoreCase))
        {
            _position++;
            return true;
        }
        return false;
    }

    private Func<JsonObject, bool> Or()
    {
        var left = And();
        while (TakeIf("or"))
        {
            var (a, b) = (left, And());
            left = r => a(r) || b(r);
        }
        return left;
    }

    private Func<JsonObject, bool> And()
    {
        var left = Term();
        while (TakeIf("and"))
        {
            var (a, b) = (left, Term());
            left = r => a(r) && b(r);
        }
        return left;
    }

    private Func<JsonObject, bool> Term()
    {
        if (TakeIf("("))
        {
            var inner = Or();
            if (!TakeIf(")"))
                throw new FormatException("a '(' in oslc.where is not closed");
            return inner;
        }
        var attribute = Take().ToLowerInvariant();
        if (!char.IsLetter(attribute[0]))
            throw new FormatException($"expected an attribute but found '{attribute}'");
        var op = Take();
        var literal = Take();
        var quoted = literal.StartsWith('"');
        var value = quoted ? literal[1..^1].Replace("\\\"", "\"") : literal;
        if (op == "=" && quoted && value.Contains('%'))
        {
            var like = new Regex(
                "^" + Regex.Escape(value).Replace("%", ".*") + "$",
                RegexOptions.IgnoreCase
            );
            return r => r[attribute] is JsonNode node && like.IsMatch(Text(node));
        }
        Func<int, bool> accept = op switch
        {
            "=" => c => c == 0,
            "!=" => c => c != 0,
            ">" => c => c > 0,
            ">=" => c => c >= 0,
            "<" => c => c < 0,
            "<=" => c => c <= 0,
            _ => throw new FormatException($"'{op}' is not an oslc.where operator"),
        };
        return r => r[attribute] is JsonNode node && accept(Compare(node, value));
    }

    private static string Text(JsonNode node) =>
        node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();

    private static int Compare(JsonNode node, string value)
    {
        if (node.GetValueKind() == JsonValueKind.Number)
        {
            if (
                !double.TryParse(
                    value,
                    NumberStyles.Float,
                    CultureInfo.InvariantCulture,
                    out var number
                )
            )
                throw new FormatException($"'{value}' is not a number");
            return double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture)
                .CompareTo(number);
        }
        var text = Text(node);
        if (text.Length >= 19 && text[10] == 'T' && FakeFormats.ParseIso(text) is { } moment)
            return moment.CompareTo(
                FakeFormats.ParseIso(value)
                    ?? throw new FormatException($"'{value}' is not an ISO 8601 time")
            );
        return string.Compare(text, value, StringComparison.OrdinalIgnoreCase);
    }
}

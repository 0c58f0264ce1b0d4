using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Makini.Flows.Tests.Fakes;

/// <summary>
/// The part of Fiix's filter language (<c>ql</c> with <c>?</c> parameters) that integrations use:
/// <c>field op ?</c> with <c>= &lt;&gt; != &lt; &lt;= &gt; &gt;= LIKE</c>, <c>field IN (?, ?)</c>,
/// <c>field IS [NOT] NULL</c>, <c>AND</c>, <c>OR</c> and parentheses. <c>dtm</c> fields compare as times: a parameter
/// may be epoch milliseconds or <c>yyyy-MM-dd HH:mm:ss</c> (UTC).
/// </summary>
public sealed partial class FiixQuery
{
    private readonly List<string> _tokens;
    private readonly JsonArray _parameters;
    private int _position;
    private int _parameter;

    private FiixQuery(string ql, JsonArray parameters)
    {
        _tokens = Token().Matches(ql).Select(m => m.Value).ToList();
        _parameters = parameters;
    }

    /// <summary>A predicate over records, or an exception whose message says what is wrong.</summary>
    public static Func<JsonObject, bool> Parse(string ql, JsonArray? parameters)
    {
        var query = new FiixQuery(ql, parameters ?? []);
        var predicate = query.Or();
        if (query._position != query._tokens.Count)
            throw new FormatException(
                $"unexpected '{query._tokens[query._position]}' in ql '{ql}'"
            );
        if (query._parameter != query._parameters.Count)
            throw new FormatException(
                $"ql '{ql}' has {query._parameter} placeholders but {query._parameters.Count} parameters"
            );
        return predicate;
    }

    [GeneratedRegex(@"\s*(<=|>=|<>|!=|=|<|>|\(|\)|,|\?|[A-Za-z_][A-Za-z0-9_]*)\s*")]
    private static partial Regex Token();

    private string? Peek => _position < _tokens.Count ? _tokens[_position].Trim() : null;

    private string Take(string? expected = null)
    {
        var token = Peek ?? throw new FormatException("the ql ends too early");
        if (expected is not null && !token.Equals(expected, StringComparison.OrdinalIgnoreCase))
            throw new FormatException($"expected '{expected}' but found '{token}'");
        _position++;
        return token;
    }

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
        while (TakeIf("OR"))
        {
            var (a, b) = (left, And());
            left = r => a(r) || b(r);
        }
        return left;
    }

    private Func<JsonObject, bool> And()
    {
        var left = Term();
        while (TakeIf("AND"))
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
            Take(")");
            return inner;
        }
        var field = Take();
        if (!char.IsLetter(field[0]))
            throw new FormatException($"expected a field name but found '{field}'");
        if (TakeIf("IS"))
        {
            var negated = TakeIf("NOT");
            Take("NULL");
            return r => IsNull(r[field]) != negated;
        }
        if (TakeIf("IN"))
        {
            Take("(");
            var values = new List<JsonNode?> { NextParameter() };
            while (TakeIf(","))
                values.Add(NextParameter());
            Take(")");
            return r => values.Any(v => Compare(field, r[field], v) == 0);
        }
        var op = Take().ToUpperInvariant();
        var parameter = NextParameter();
        return op switch
        {
            "=" => r => Compare(field, r[field], parameter) == 0,
            "<>" or "!=" => r => Compare(field, r[field], parameter) != 0,
            "<" => r => Compare(field, r[field], parameter) < 0,
            "<=" => r => Compare(field, r[field], parameter) <= 0,
            ">" => r => Compare(field, r[field], parameter) > 0,
            ">=" => r => Compare(field, r[field], parameter) >= 0,
            "LIKE" => r => Like(r[field], parameter),
            _ => throw new FormatException($"'{op}' is not an operator"),
        };
    }

    private JsonNode? NextParameter()
    {
        Take("?");
        if (_parameter >= _parameters.Count)
            throw new FormatException("more placeholders than parameters");
        return _parameters[_parameter++];
    }

    private static bool IsNull(JsonNode? node) =>
        node is null || (node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0);

    /// <summary>Null sorts before everything and equals nothing but null.</summary>
    private static int Compare(string field, JsonNode? value, JsonNode? parameter)
    {
        if (IsNull(value) || IsNull(parameter))
            return IsNull(value) && IsNull(parameter) ? 0
                : IsNull(value) ? -1
                : 1;
        if (field.StartsWith("dtm", StringComparison.Ordinal))
            return Millis(value!).CompareTo(Millis(parameter!));
        if (Number(value!) is { } a && Number(parameter!) is { } b)
            return a.CompareTo(b);
        return string.CompareOrdinal(Text(value!), Text(parameter!));
    }

    private static bool Like(JsonNode? value, JsonNode? pattern)
    {
        if (IsNull(value) || IsNull(pattern))
            return false;
        var regex = "^" + Regex.Escape(Text(pattern!)).Replace("%", ".*").Replace("_", ".") + "$";
        return Regex.IsMatch(Text(value!), regex, RegexOptions.IgnoreCase);
    }

    private static string Text(JsonNode node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node.ToJsonString();

    private static double? Number(JsonNode node) =>
        node.GetValueKind() switch
        {
            JsonValueKind.Number => double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture),
            JsonValueKind.True => 1,
            JsonValueKind.False => 0,
            JsonValueKind.String
                when double.TryParse(
                    node.GetValue<string>(),
                    NumberStyles.Float,
                    CultureInfo.InvariantCulture,
                    out var d
                ) => d,
            _ => null,
        };

    /// <summary>Epoch milliseconds from a number, a numeric text or <c>yyyy-MM-dd HH:mm:ss</c>.</summary>
    private static long Millis(JsonNode node)
    {
        if (Number(node) is { } number)
            return (long)number;
        var text = Text(node);
        foreach (var format in new[] { "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd" })
            if (
                DateTime.TryParseExact(
                    text,
                    format,
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal,
                    out var moment
                )
            )
                return new DateTimeOffset(moment, TimeSpan.Zero).ToUnixTimeMilliseconds();
        throw new FormatException(
            $"'{text}' is not a date (yyyy-MM-dd HH:mm:ss or epoch milliseconds)"
        );
    }
}

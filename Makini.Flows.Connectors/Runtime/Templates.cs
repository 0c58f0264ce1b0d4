using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Makini.Flows.Connectors.Runtime;

/// <summary>
/// The <c>{{name}}</c> templates of manifests. Names: <c>credentials.&lt;field&gt;</c>, <c>since</c>, <c>cursor</c>, <c>offset</c>, <c>limit</c>, <c>page</c>,
/// <c>now.epochSeconds</c>, <c>now.epochMillis</c>, <c>now.iso</c>. A JSON string that is exactly one template is
/// replaced by the value with its type (so <c>"{{offset}}"</c> becomes a number in a body).
/// </summary>
public static partial class Templates
{
    public static readonly IReadOnlySet<string> FixedNames = new HashSet<string>(
        [
            "since",
            "cursor",
            "offset",
            "limit",
            "page",
            "now.epochSeconds",
            "now.epochMillis",
            "now.iso",
        ],
        StringComparer.Ordinal
    );

    public const string CredentialsPrefix = "credentials.";

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.]+)\s*\}\}")]
    private static partial Regex Placeholder();

    /// <summary>The names a text refers to, in order.</summary>
    public static IEnumerable<string> Names(string text) =>
        Placeholder().Matches(text).Select(m => m.Groups[1].Value);

    /// <summary>Text with every template replaced; an unknown or unset name becomes empty.</summary>
    public static string Render(string text, TemplateValues values)
    {
        if (!text.Contains("{{", StringComparison.Ordinal))
            return text;
        return Placeholder().Replace(text, m => values.Get(m.Groups[1].Value)?.ToString() ?? "");
    }

    /// <summary>A JSON body with every string rendered; a string that is one template keeps the value's type.</summary>
    public static JsonNode? Render(JsonNode? node, TemplateValues values) =>
        node switch
        {
            null => null,
            JsonObject obj => new JsonObject(
                obj.Select(p => KeyValuePair.Create(p.Key, Render(p.Value, values)))
            ),
            JsonArray array => new JsonArray(array.Select(item => Render(item, values)).ToArray()),
            JsonValue value when value.TryGetValue<string>(out var text) => RenderValue(
                text,
                values
            ),
            _ => node.DeepClone(),
        };

    private static JsonNode? RenderValue(string text, TemplateValues values)
    {
        var whole = Placeholder().Match(text);
        if (whole.Success && whole.Length == text.Length)
        {
            var value = values.Get(whole.Groups[1].Value);
            return value switch
            {
                null => null,
                long number => JsonValue.Create(number),
                int number => JsonValue.Create(number),
                _ => JsonValue.Create(value.ToString()),
            };
        }
        return JsonValue.Create(Render(text, values));
    }

    /// <summary>Whether a name is one a manifest may use, given its credential fields.</summary>
    public static bool IsKnown(string name, IReadOnlySet<string> credentialFields) =>
        FixedNames.Contains(name)
        || (
            name.StartsWith(CredentialsPrefix, StringComparison.Ordinal)
            && credentialFields.Contains(name[CredentialsPrefix.Length..])
        );

    /// <summary>Escapes a value for a URL query (RFC 3986 unreserved characters kept).</summary>
    public static string QueryEscape(string value) => Uri.EscapeDataString(value);

    internal static string JoinQuery(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            builder.Append(builder.Length == 0 ? "" : "&");
            builder.Append(QueryEscape(name)).Append('=').Append(QueryEscape(value));
        }
        return builder.ToString();
    }
}

/// <summary>The values templates are rendered with: credentials, the page position, session tokens, the clock.</summary>
public sealed class TemplateValues(
    IReadOnlyDictionary<string, string> credentials,
    TimeProvider clock
)
{
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);

    public TemplateValues With(string name, object? value)
    {
        _values[name] = value;
        return this;
    }

    public object? Get(string name)
    {
        if (name.StartsWith(Templates.CredentialsPrefix, StringComparison.Ordinal))
            return credentials.TryGetValue(name[Templates.CredentialsPrefix.Length..], out var c)
                ? c
                : null;
        var now = clock.GetUtcNow();
        return name switch
        {
            "now.epochSeconds" => now.ToUnixTimeSeconds(),
            "now.epochMillis" => now.ToUnixTimeMilliseconds(),
            "now.iso" => now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
            _ => _values.GetValueOrDefault(name),
        };
    }
}

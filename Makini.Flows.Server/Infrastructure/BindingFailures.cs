using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Server.Infrastructure;

/// <summary>
/// Where a parameter that minimal APIs could not bind came from, as the pointer of the 400 that refuses it:
/// <c>/query/limit</c> for <c>?limit=abc</c>, <c>/path/version</c> for a route value, and for a typed JSON body
/// the pointer and line of the value that does not fit.
/// </summary>
public static partial class BindingFailures
{
    [GeneratedRegex("parameter \"(?:[^\"]* )?(?<name>[A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial Regex ParameterName();

    public static Dictionary<string, object?> Locate(
        HttpContext context,
        BadHttpRequestException exception
    )
    {
        var where = new Dictionary<string, object?>();
        if (exception.InnerException is JsonException json)
        {
            where["pointer"] = PointerOf(json.Path);
            if (json.LineNumber is { } line)
                where["line"] = line + 1;
            if (json.BytePositionInLine is { } column)
                where["column"] = column + 1;
            return where;
        }
        var name = ParameterName().Match(exception.Message) is { Success: true } match
            ? match.Groups["name"].Value
            : null;
        where["pointer"] = name switch
        {
            null => "",
            _ when context.Request.RouteValues.ContainsKey(name) => $"/path/{name}",
            _ when FindQuery(context, name) is { } query => $"/query/{JsonPointer.Escape(query)}",
            _ when exception.Message.Contains("query string", StringComparison.Ordinal) =>
                $"/query/{name}",
            _ when exception.Message.Contains("header", StringComparison.Ordinal) =>
                $"/headers/{name}",
            _ => "",
        };
        return where;
    }

    private static string? FindQuery(HttpContext context, string name) =>
        context.Request.Query.Keys.FirstOrDefault(key =>
            key.Equals(name, StringComparison.OrdinalIgnoreCase)
        );

    /// <summary>System.Text.Json's path (<c>$.a.b[0]</c>, <c>$['odd name']</c>) as a JSON pointer.</summary>
    public static string PointerOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
            return "";
        var pointer = new StringBuilder();
        var at = 1;
        while (at < path.Length)
        {
            if (path[at] == '.')
            {
                var end = path.IndexOfAny(['.', '['], at + 1);
                end = end < 0 ? path.Length : end;
                pointer.Append('/').Append(JsonPointer.Escape(path[(at + 1)..end]));
                at = end;
            }
            else if (path[at] == '[' && at + 1 < path.Length && path[at + 1] == '\'')
            {
                var end = path.IndexOf("']", at + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                pointer.Append('/').Append(JsonPointer.Escape(path[(at + 2)..end]));
                at = Math.Min(path.Length, end + 2);
            }
            else if (path[at] == '[')
            {
                var end = path.IndexOf(']', at);
                end = end < 0 ? path.Length : end;
                pointer.Append('/').Append(path[(at + 1)..end]);
                at = Math.Min(path.Length, end + 1);
            }
            else
                at++;
        }
        return pointer.ToString();
    }
}

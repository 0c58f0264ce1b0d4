using System.Text;

namespace Makini.Flows.Connectors.OpenApi;

/// <summary>How names of a vendor's API are compared, and turned into names of a manifest.</summary>
public static class Names
{
    /// <summary>Lower-case letters and digits only: <c>updatedAt[gte]</c>, <c>updated_at_gte</c> -> <c>updatedatgte</c>.</summary>
    public static string Normalize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
            if (char.IsAsciiLetterOrDigit(c))
                builder.Append(char.ToLowerInvariant(c));
        return builder.ToString();
    }

    /// <summary>The word without a plural ending (<c>facilities</c> -> <c>facility</c>, <c>assets</c> -> <c>asset</c>).</summary>
    public static string Singular(string word) =>
        word.EndsWith("ies", StringComparison.Ordinal) ? word[..^3] + "y"
        : word.EndsWith("sses", StringComparison.Ordinal) ? word[..^2]
        : word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) ? word[..^1]
        : word;

    /// <summary><c>x-organization-id</c> -> <c>organizationId</c>: a credential field name.</summary>
    public static string CamelCase(string name)
    {
        var words = name.Split(['-', '_', '.', ' '], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(char.IsAsciiLetterOrDigit).ToArray()))
            .Where(w => w.Length > 0)
            .ToList();
        if (words.Count > 1 && words[0].Equals("x", StringComparison.OrdinalIgnoreCase))
            words.RemoveAt(0);
        var builder = new StringBuilder();
        foreach (var word in words)
            builder.Append(
                builder.Length == 0
                    ? char.ToLowerInvariant(word[0]) + word[1..]
                    : char.ToUpperInvariant(word[0]) + word[1..]
            );
        var result = builder.ToString();
        result = result.Length > 0 && char.IsAsciiLetter(result[0]) ? result : "field" + result;
        return result.Length <= 63 ? result : result[..63];
    }

    /// <summary><c>organizationId</c> -> <c>Organization id</c>: a form label.</summary>
    public static string Label(string camelCase)
    {
        var builder = new StringBuilder();
        foreach (var c in camelCase)
        {
            if (char.IsUpper(c) && builder.Length > 0)
                builder.Append(' ').Append(char.ToLowerInvariant(c));
            else
                builder.Append(builder.Length == 0 ? char.ToUpperInvariant(c) : c);
        }
        return builder.Length <= 100 ? builder.ToString() : builder.ToString(0, 100);
    }

    /// <summary>A connector id from a name: lower case, digits and dashes (<c>Acme CMMS</c> -> <c>acme-cmms</c>).</summary>
    public static string Slug(string name)
    {
        var builder = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
                builder.Append(c);
            else if (builder.Length > 0 && builder[^1] != '-')
                builder.Append('-');
        }
        var slug = builder.ToString().Trim('-');
        return slug.Length > 63 ? slug[..63].TrimEnd('-') : slug;
    }

    /// <summary>A JSON pointer token (RFC 6901).</summary>
    public static string PointerToken(string name) => name.Replace("~", "~0").Replace("/", "~1");

    /// <summary>Text without HTML tags and runs of white space, cut to a length.</summary>
    public static string PlainText(string? html, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(html))
            return "";
        var builder = new StringBuilder();
        var inTag = false;
        foreach (var c in html)
        {
            if (c == '<')
                inTag = true;
            else if (c == '>' && inTag)
            {
                inTag = false;
                builder.Append(' ');
            }
            else if (!inTag)
                builder.Append(char.IsWhiteSpace(c) ? ' ' : c);
        }
        var text = string.Join(
                ' ',
                builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            )
            .Replace("&gt;", ">")
            .Replace("&lt;", "<")
            .Replace("&amp;", "&")
            .Replace("&quot;", "\"")
            // A manifest reads {{...}} as a template.
            .Replace("{{", "{")
            .Replace("}}", "}");
        return text.Length <= maxLength ? text : text[..(maxLength - 3)].TrimEnd() + "...";
    }
}

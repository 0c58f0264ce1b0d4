using System.Globalization;

namespace Makini.Flows.Connectors.Demo;

/// <summary>The parameters of a list request: <c>page</c>, <c>per_page</c> (at most 500) and <c>updated_since</c>.</summary>
public sealed record DemoListQuery(int Page, int PerPage, DateTimeOffset? UpdatedSince)
{
    public const int DefaultPerPage = 100;
    public const int MaxPerPage = 500;

    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd",
    ];

    /// <summary>The query of a URL (with or without <c>?</c>), or the parameter at fault and why.</summary>
    public static DemoListQuery? Parse(
        string query,
        out (string Parameter, string Message)? problem
    )
    {
        problem = null;
        var page = 1;
        var perPage = DefaultPerPage;
        DateTimeOffset? updatedSince = null;
        foreach (var (name, value) in Parameters(query))
            switch (name)
            {
                case "page":
                    if (
                        !int.TryParse(
                            value,
                            NumberStyles.None,
                            CultureInfo.InvariantCulture,
                            out page
                        )
                        || page < 1
                    )
                    {
                        problem = ("page", $"page must be a whole number from 1, not '{value}'");
                        return null;
                    }
                    break;
                case "per_page":
                    if (
                        !int.TryParse(
                            value,
                            NumberStyles.None,
                            CultureInfo.InvariantCulture,
                            out perPage
                        ) || perPage is < 1 or > MaxPerPage
                    )
                    {
                        problem = (
                            "per_page",
                            $"per_page must be a whole number from 1 to {MaxPerPage}, not '{value}'"
                        );
                        return null;
                    }
                    break;
                case "updated_since":
                    if (
                        !DateTimeOffset.TryParseExact(
                            value,
                            IsoFormats,
                            CultureInfo.InvariantCulture,
                            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                            out var since
                        )
                    )
                    {
                        problem = (
                            "updated_since",
                            $"updated_since must be an ISO 8601 time such as 2026-01-31T08:00:00Z, not '{value}'"
                        );
                        return null;
                    }
                    updatedSince = since;
                    break;
            }
        return new DemoListQuery(page, perPage, updatedSince);
    }

    /// <summary>Name and value pairs; <c>+</c> is kept as a plus (time offsets), <c>%2B</c> too.</summary>
    private static IEnumerable<(string Name, string Value)> Parameters(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            yield return (name, value);
        }
    }
}

using Microsoft.AspNetCore.Http.Extensions;

namespace Makini.Flows.Server.Connections;

/// <summary>The links and counts of a page in Makini's list envelope; links keep the request's filters.</summary>
public static class ConnectionPaging
{
    public static PageLinks Links(HttpRequest request, int page, int perPage, int total)
    {
        var last = LastPage(perPage, total);
        return new PageLinks(
            Url(request, 1, perPage),
            Url(request, last, perPage),
            page > 1 ? Url(request, Math.Min(page - 1, last), perPage) : null,
            page < last ? Url(request, page + 1, perPage) : null
        );
    }

    public static PageMeta Meta(HttpRequest request, int page, int perPage, int total, int count)
    {
        var from = count == 0 ? (int?)null : (page - 1) * perPage + 1;
        return new PageMeta(
            page,
            from,
            LastPage(perPage, total),
            Path(request),
            perPage,
            from + count - 1,
            total
        );
    }

    private static int LastPage(int perPage, int total) =>
        Math.Max(1, (total + perPage - 1) / perPage);

    private static string Path(HttpRequest request) =>
        UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path);

    private static string Url(HttpRequest request, int page, int perPage)
    {
        var query = new QueryBuilder(
            request
                .Query.Where(q => q.Key is not ("page" or "per_page"))
                .SelectMany(q =>
                    q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))
                )
        )
        {
            { "page", page.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            { "per_page", perPage.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        return Path(request) + query.ToQueryString();
    }
}

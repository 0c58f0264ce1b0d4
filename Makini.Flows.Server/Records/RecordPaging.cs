using System.Globalization;
using Microsoft.AspNetCore.Http.Extensions;

namespace Makini.Flows.Server.Records;

/// <summary>The <c>links</c> and <c>meta</c> of Makini's list envelope (Laravel's length-aware paginator).</summary>
public sealed record RecordPaging(
    string First,
    string Last,
    string? Prev,
    string? Next,
    int CurrentPage,
    int? From,
    int LastPage,
    string Path,
    int PerPage,
    int? To,
    int Total
)
{
    /// <summary>
    /// The page's links keep the request's other parameters, with <c>page</c> last; <c>prev</c> is null on the first
    /// page, <c>next</c> on the last and beyond; <c>from</c> and <c>to</c> are null when the page is empty.
    /// </summary>
    public static RecordPaging Of(HttpRequest request, int page, int perPage, int total, int count)
    {
        var lastPage = Math.Max(1, (int)(((long)total + perPage - 1) / perPage));
        var path = UriHelper.BuildAbsolute(
            request.Scheme,
            request.Host,
            request.PathBase,
            request.Path
        );
        var from = count == 0 ? (int?)null : (page - 1) * perPage + 1;
        return new RecordPaging(
            Url(request, path, 1),
            Url(request, path, lastPage),
            page > 1 ? Url(request, path, page - 1) : null,
            page < lastPage ? Url(request, path, page + 1) : null,
            page,
            from,
            lastPage,
            path,
            perPage,
            from + count - 1,
            total
        );
    }

    private static string Url(HttpRequest request, string path, int page)
    {
        var query = new QueryBuilder(
            request
                .Query.Where(q => q.Key != "page")
                .SelectMany(q =>
                    q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))
                )
        )
        {
            { "page", page.ToString(CultureInfo.InvariantCulture) },
        };
        return path + query.ToQueryString();
    }
}

using System.Text.Json;
using Makini.Flows.Connectors.Manifests;

namespace Makini.Flows.Connectors.Runtime.Pagination;

/// <summary>The answer holds the next page's URL (Maximo's <c>responseInfo.nextPage.href</c>).</summary>
internal sealed class NextUrlPaginator(NextUrlPagination spec) : Paginator
{
    public override PageCursor First { get; } = new();

    public override void Apply(PageCursor position, SourceRequest request) =>
        NextUrls.Follow(position, request);

    public override PageCursor? Next(
        PageCursor position,
        SourceAnswer answer,
        JsonElement root,
        int records
    ) =>
        records == 0
            ? null
            : NextUrls.Position(JsonPointers.Text(root, spec.Next), position, answer);
}

/// <summary>Following a next-page URL the source gave: only on the origin the request went to.</summary>
internal static class NextUrls
{
    public static void Follow(PageCursor position, SourceRequest request)
    {
        if (position.Url is not { } next)
            return;
        var current = new Uri(request.Address);
        var target = new Uri(current, next);
        if (
            !string.Equals(
                target.GetLeftPart(UriPartial.Authority),
                current.GetLeftPart(UriPartial.Authority),
                StringComparison.OrdinalIgnoreCase
            )
        )
            throw new ConnectorException(
                ConnectorErrorCode.InvalidResponse,
                $"The next page is on another host ({target.Host}); credentials are only sent to the instance URL's host"
            );
        request.Address = target.GetLeftPart(UriPartial.Path);
        request.Query.Clear();
        var query = target.Query.TrimStart('?');
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            request.Query.Add(
                equals < 0
                    ? KeyValuePair.Create(Uri.UnescapeDataString(pair), "")
                    : KeyValuePair.Create(
                        Uri.UnescapeDataString(pair[..equals].Replace('+', ' ')),
                        Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '))
                    )
            );
        }
    }

    public static PageCursor? Position(string? next, PageCursor position, SourceAnswer answer)
    {
        if (string.IsNullOrEmpty(next))
            return null;
        if (next == position.Url)
            throw new ConnectorException(
                ConnectorErrorCode.InvalidResponse,
                $"{answer.Request} answered the same next-page URL it was given: the pages would never end"
            );
        return new PageCursor(Url: next);
    }
}

using System.Text.Json;
using System.Text.RegularExpressions;

namespace Makini.Flows.Connectors.Runtime.Pagination;

/// <summary>RFC 8288 <c>Link: &lt;url&gt;; rel="next"</c>.</summary>
internal sealed partial class LinkHeaderPaginator : Paginator
{
    public override PageCursor First { get; } = new();

    public override void Apply(PageCursor position, SourceRequest request) =>
        NextUrls.Follow(position, request);

    public override PageCursor? Next(
        PageCursor position,
        SourceAnswer answer,
        JsonElement root,
        int records
    )
    {
        if (records == 0 || !answer.Headers.TryGetValues("Link", out var links))
            return null;
        foreach (var link in links.SelectMany(l => l.Split(',')))
        {
            var match = NextLink().Match(link);
            if (match.Success)
                return NextUrls.Position(match.Groups[1].Value, position, answer);
        }
        return null;
    }

    [GeneratedRegex("<([^>]+)>\\s*;(?:[^,]*;)?\\s*rel=\"?next\"?", RegexOptions.IgnoreCase)]
    private static partial Regex NextLink();
}

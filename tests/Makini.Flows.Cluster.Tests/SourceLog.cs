using Makini.Flows.Tests.Fakes;

namespace Makini.Flows.Cluster.Tests;

/// <summary>What one connection's source saw of its syncs: the page requests, in order of arrival.</summary>
internal sealed class SourceLog(IReadOnlyList<RecordedRequest> requests)
{
    /// <summary>The requests of syncs: every request but the connection check (<c>limit=1</c>).</summary>
    public IReadOnlyList<RecordedRequest> Pages { get; } =
        requests.Where(r => r.QueryValue("limit") != "1").OrderBy(r => r.ArrivedAt).ToArray();

    /// <summary>Pairs of page requests in flight at the same time: a sync reads one page at a time, so two at once are two syncs.</summary>
    public int Overlaps() =>
        Pages.Zip(Pages.Skip(1)).Count(pair => pair.Second.ArrivedAt < pair.First.AnsweredAt);

    /// <summary>The first page request that arrived after a moment (the first a node taking over sent).</summary>
    public RecordedRequest? FirstAfter(DateTimeOffset moment) =>
        Pages.FirstOrDefault(r => r.ArrivedAt > moment);

    /// <summary>The first page of a list (no cursor) requested after a moment.</summary>
    public int FirstPagesAfter(string path, DateTimeOffset moment) =>
        Pages.Count(r =>
            r.ArrivedAt > moment && r.Path == path && string.IsNullOrEmpty(r.QueryValue("cursor"))
        );

    /// <summary>How many times a page (path and cursor) was requested more than once.</summary>
    public int Repeats() =>
        Pages.GroupBy(r => (r.Path, r.QueryValue("cursor"))).Sum(g => g.Count() - 1);
}

using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Makini.Flows.Tests.Fakes;

/// <summary>One request a fake server received, as it arrived, the status it was answered with, and when.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string QueryString,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    DateTimeOffset ArrivedAt,
    int Status,
    DateTimeOffset AnsweredAt
)
{
    private Dictionary<string, StringValues>? _query;

    /// <summary>The decoded query parameters.</summary>
    public IReadOnlyDictionary<string, StringValues> Query =>
        _query ??= QueryHelpers.ParseQuery(QueryString);

    /// <summary>A query parameter's (first) value, or null.</summary>
    public string? QueryValue(string name) =>
        Query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    /// <summary>A header's value (names are case-insensitive), or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public override string ToString() => $"{Method} {Path}{QueryString} -> {Status}";
}

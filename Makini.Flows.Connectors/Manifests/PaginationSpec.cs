using System.Text.Json.Serialization;

namespace Makini.Flows.Connectors.Manifests;

/// <summary>How a stream's pages follow each other, chosen by <c>type</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(NoPagination), "none")]
[JsonDerivedType(typeof(CursorPagination), "cursor")]
[JsonDerivedType(typeof(NextUrlPagination), "nextUrl")]
[JsonDerivedType(typeof(OffsetPagination), "offset")]
[JsonDerivedType(typeof(PageNumberPagination), "pageNumber")]
[JsonDerivedType(typeof(LinkHeaderPagination), "linkHeader")]
public abstract record PaginationSpec;

/// <summary>One request answers everything.</summary>
public sealed record NoPagination : PaginationSpec;

/// <summary>The answer holds a cursor that the next request sends back; none ends the stream.</summary>
public sealed record CursorPagination : PaginationSpec
{
    public required string Cursor { get; init; }
    public required string Parameter { get; init; }
    public string In { get; init; } = "query";
}

/// <summary>The answer holds the next page's URL.</summary>
public sealed record NextUrlPagination : PaginationSpec
{
    public required string Next { get; init; }
}

/// <summary>Offset and limit, in the query or (with <c>in: body</c>) at pointers of the JSON body.</summary>
public sealed record OffsetPagination : PaginationSpec
{
    public required string OffsetParameter { get; init; }
    public required string LimitParameter { get; init; }
    public required int Limit { get; init; }
    public string In { get; init; } = "query";
    public string? Total { get; init; }
}

/// <summary>Numbered pages of a fixed size.</summary>
public sealed record PageNumberPagination : PaginationSpec
{
    public required string PageParameter { get; init; }
    public required string SizeParameter { get; init; }
    public required int Size { get; init; }
    public int FirstPage { get; init; } = 1;
    public string In { get; init; } = "query";
    public string? LastPage { get; init; }
}

/// <summary>RFC 8288 <c>Link: &lt;...&gt;; rel="next"</c> headers.</summary>
public sealed record LinkHeaderPagination : PaginationSpec;

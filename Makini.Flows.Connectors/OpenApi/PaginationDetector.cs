using System.Text.Json.Nodes;

namespace Makini.Flows.Connectors.OpenApi;

/// <summary>How a list operation's pages follow each other, told by its parameters and its answer's properties.</summary>
public static class PaginationDetector
{
    private const int DefaultPageSize = 100;

    private static readonly string[] CursorParameters =
    [
        "cursor",
        "after",
        "pagetoken",
        "nexttoken",
        "continuationtoken",
        "continuation",
        "startcursor",
        "aftercursor",
        "pagecursor",
        "nextcursor",
        "nextpagetoken",
    ];

    private static readonly string[] CursorProperties =
    [
        "nextcursor",
        "nextpagecursor",
        "nextpagetoken",
        "nexttoken",
        "continuationtoken",
        "endcursor",
        "aftercursor",
        "cursor",
        "next",
    ];

    private static readonly string[] NextUrlProperties =
    [
        "nextpageurl",
        "nexturl",
        "nextlink",
        "odatanextlink",
        "nextpagelink",
        "nextpage",
        "next",
    ];

    private static readonly string[] OffsetParameters =
    [
        "offset",
        "skip",
        "start",
        "startindex",
        "startat",
        "startposition",
        "firstresult",
    ];

    private static readonly string[] LimitParameters =
    [
        "limit",
        "pagesize",
        "perpage",
        "size",
        "maxresults",
        "maxrecords",
        "maxobjects",
        "take",
        "top",
        "count",
        "rows",
        "pagelimit",
        "max",
    ];

    private static readonly string[] PageParameters =
    [
        "page",
        "pagenumber",
        "pageno",
        "pagenum",
        "pageindex",
    ];

    private static readonly string[] TotalProperties =
    [
        "total",
        "totalcount",
        "totalrecords",
        "totalresults",
        "totalobjects",
        "totalitems",
        "totalsize",
        "count",
    ];

    private static readonly string[] LastPageProperties =
    [
        "lastpage",
        "totalpages",
        "pagecount",
        "numpages",
        "pages",
    ];

    /// <summary>The pagination of a list operation, and the parameter that sets the page size (if any).</summary>
    public static PaginationDraft Detect(Operation operation, ResponseShape shape)
    {
        var query = operation.Query.ToList();
        var numeric = Numeric(query);
        var limit = Find(numeric, LimitParameters);
        var size = limit is null ? DefaultPageSize : PageSize(limit);

        var cursorParameter = Find(query, CursorParameters);
        if (
            cursorParameter is not null
            && shape.Property(CursorProperties, s => shape.TypeOf(s) is "string" or "integer")
                is { } cursor
        )
            return new PaginationDraft(
                new JsonObject
                {
                    ["type"] = "cursor",
                    ["cursor"] = cursor.Pointer,
                    ["parameter"] = cursorParameter.Name,
                },
                limit,
                size,
                $"cursor: '{cursorParameter.Name}' sends back {cursor.Pointer}"
            );

        if (NextUrl(shape) is { } next)
            return new PaginationDraft(
                new JsonObject { ["type"] = "nextUrl", ["next"] = next },
                limit,
                size,
                $"nextUrl: the next page's URL is at {next}"
            );

        if (Find(numeric, PageParameters) is { } page)
        {
            var pageSize = Find(numeric.Where(p => p != page), LimitParameters);
            if (pageSize is not null)
            {
                var spec = new JsonObject
                {
                    ["type"] = "pageNumber",
                    ["pageParameter"] = page.Name,
                    ["sizeParameter"] = pageSize.Name,
                    ["size"] = PageSize(pageSize),
                };
                if (page.IntegerOf("minimum") == 0 || page.IntegerOf("default") == 0)
                    spec["firstPage"] = 0;
                if (
                    shape.Property(
                        LastPageProperties,
                        s => shape.TypeOf(s) is "integer" or "number"
                    ) is
                    { } last
                )
                    spec["lastPage"] = last.Pointer;
                return new PaginationDraft(
                    spec,
                    pageSize,
                    PageSize(pageSize),
                    $"pageNumber: '{page.Name}' and '{pageSize.Name}'"
                );
            }
        }

        if (Find(numeric, OffsetParameters) is { } offset && limit is not null)
        {
            var spec = new JsonObject
            {
                ["type"] = "offset",
                ["offsetParameter"] = offset.Name,
                ["limitParameter"] = limit.Name,
                ["limit"] = size,
            };
            if (
                shape.Property(TotalProperties, s => shape.TypeOf(s) is "integer" or "number") is
                { } total
            )
                spec["total"] = total.Pointer;
            return new PaginationDraft(
                spec,
                limit,
                size,
                $"offset: '{offset.Name}' and '{limit.Name}'"
            );
        }

        if (operation.SuccessHeaders.Any(h => h.Equals("Link", StringComparison.OrdinalIgnoreCase)))
            return new PaginationDraft(
                new JsonObject { ["type"] = "linkHeader" },
                limit,
                size,
                "linkHeader: the answer declares a Link header"
            );

        return new PaginationDraft(
            new JsonObject { ["type"] = "none" },
            limit,
            size,
            "none: no paging parameter found, one request is taken to answer everything"
        );
    }

    /// <summary>A limit-like parameter of the operation, to ask a check for one record.</summary>
    public static Parameter? LimitParameter(Operation operation) =>
        Find(Numeric(operation.Query), LimitParameters);

    private static List<Parameter> Numeric(IEnumerable<Parameter> parameters) =>
        parameters.Where(p => p.Type is null or "integer" or "number").ToList();

    private static string? NextUrl(ResponseShape shape)
    {
        var found = shape.Property(
            NextUrlProperties,
            s =>
                shape.TypeOf(s) == "string"
                || (shape.TypeOf(s) == "object" && shape.PropertiesOf(s).Any(p => p.Key == "href"))
        );
        if (found is not { } next)
            return null;
        return shape.TypeOf(next.Schema) == "object" ? next.Pointer + "/href" : next.Pointer;
    }

    private static int PageSize(Parameter parameter)
    {
        var value =
            parameter.IntegerOf("default")
            ?? Math.Min(parameter.IntegerOf("maximum") ?? DefaultPageSize, DefaultPageSize);
        return Math.Clamp(value, 1, 10_000);
    }

    private static Parameter? Find(IEnumerable<Parameter> parameters, string[] names)
    {
        var list = parameters.ToList();
        foreach (var name in names)
            if (list.FirstOrDefault(p => Names.Normalize(p.Name) == name) is { } exact)
                return exact;
        // Prefixed names such as oslc.pageSize or page[size].
        foreach (var name in names.Where(n => n.Length > 4))
            if (
                list.FirstOrDefault(p =>
                    Names.Normalize(p.Name).EndsWith(name, StringComparison.Ordinal)
                ) is
                { } suffixed
            )
                return suffixed;
        return null;
    }
}

/// <summary>A detected pagination, the parameter that sets the page size and its value, and how it was told.</summary>
public sealed record PaginationDraft(
    JsonObject Spec,
    Parameter? SizeParameter,
    int Size,
    string Reason
)
{
    public string Type => OpenApiSpec.Text(Spec["type"])!;
}

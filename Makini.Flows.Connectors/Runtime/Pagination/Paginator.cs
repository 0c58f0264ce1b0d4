using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Manifests;

namespace Makini.Flows.Connectors.Runtime.Pagination;

/// <summary>Puts a page position into a request, and reads the next position from the answer.</summary>
internal abstract class Paginator
{
    public static Paginator For(PaginationSpec spec) =>
        spec switch
        {
            NoPagination => new SinglePage(),
            CursorPagination cursor => new CursorPaginator(cursor),
            NextUrlPagination next => new NextUrlPaginator(next),
            OffsetPagination offset => new OffsetPaginator(offset),
            PageNumberPagination page => new PageNumberPaginator(page),
            LinkHeaderPagination => new LinkHeaderPaginator(),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.GetType().Name, null),
        };

    /// <summary>Where a read starts.</summary>
    public abstract PageCursor First { get; }

    /// <summary>The template values the position gives (<c>{{offset}}</c>, <c>{{page}}</c>...).</summary>
    public virtual void Describe(PageCursor position, TemplateValues values) { }

    /// <summary>Changes the rendered request to ask for the page at the position.</summary>
    public abstract void Apply(PageCursor position, SourceRequest request);

    /// <summary>The next page's position, or null when this page was the last.</summary>
    public abstract PageCursor? Next(
        PageCursor position,
        SourceAnswer answer,
        JsonElement root,
        int records
    );

    /// <summary>Sets a page parameter in the query, or at a pointer of the JSON body.</summary>
    protected static void SetParameter(
        SourceRequest request,
        string where,
        string parameter,
        JsonNode value
    )
    {
        if (where == "body")
        {
            request.Body ??= new JsonObject();
            JsonPointers.Set(
                request.Body,
                parameter.StartsWith('/') ? parameter : "/" + parameter,
                value
            );
        }
        else
            request.SetQuery(parameter, value.ToString());
    }

    /// <summary>A number at a pointer of the answer, if there is one.</summary>
    protected static long? Number(JsonElement root, string? pointer) =>
        pointer is not null && long.TryParse(JsonPointers.Text(root, pointer), out var value)
            ? value
            : null;
}

/// <summary>One request answers everything.</summary>
internal sealed class SinglePage : Paginator
{
    public override PageCursor First { get; } = new();

    public override void Apply(PageCursor position, SourceRequest request) { }

    public override PageCursor? Next(
        PageCursor position,
        SourceAnswer answer,
        JsonElement root,
        int records
    ) => null;
}

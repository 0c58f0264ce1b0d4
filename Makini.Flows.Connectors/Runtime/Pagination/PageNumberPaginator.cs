using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Manifests;

namespace Makini.Flows.Connectors.Runtime.Pagination;

/// <summary>Numbered pages of a fixed size (Maximo's <c>pageno</c>, <c>page</c>/<c>per_page</c>).</summary>
internal sealed class PageNumberPaginator(PageNumberPagination spec) : Paginator
{
    public override PageCursor First { get; } = new(Page: spec.FirstPage);

    public override void Describe(PageCursor position, TemplateValues values) =>
        values.With("page", (long)(position.Page ?? spec.FirstPage)).With("limit", (long)spec.Size);

    public override void Apply(PageCursor position, SourceRequest request)
    {
        SetParameter(
            request,
            spec.In,
            spec.PageParameter,
            JsonValue.Create(position.Page ?? spec.FirstPage)
        );
        SetParameter(request, spec.In, spec.SizeParameter, JsonValue.Create(spec.Size));
    }

    public override PageCursor? Next(
        PageCursor position,
        SourceAnswer answer,
        JsonElement root,
        int records
    )
    {
        var page = position.Page ?? spec.FirstPage;
        if (records == 0 || records < spec.Size)
            return null;
        if (Number(root, spec.LastPage) is { } last && page >= last)
            return null;
        return new PageCursor(Page: page + 1);
    }
}

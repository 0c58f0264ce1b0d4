using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Manifests;

namespace Makini.Flows.Connectors.Runtime.Pagination;

/// <summary>Offset and limit (UpKeep's query, Fiix's <c>startIndex</c>/<c>maxObjects</c> in the body).</summary>
internal sealed class OffsetPaginator(OffsetPagination spec) : Paginator
{
    public override PageCursor First { get; } = new(Offset: 0);

    public override void Describe(PageCursor position, TemplateValues values) =>
        values.With("offset", (long)(position.Offset ?? 0)).With("limit", (long)spec.Limit);

    public override void Apply(PageCursor position, SourceRequest request)
    {
        SetParameter(
            request,
            spec.In,
            spec.OffsetParameter,
            JsonValue.Create(position.Offset ?? 0)
        );
        SetParameter(request, spec.In, spec.LimitParameter, JsonValue.Create(spec.Limit));
    }

    public override PageCursor? Next(
        PageCursor position,
        SourceAnswer answer,
        JsonElement root,
        int records
    )
    {
        var next = (position.Offset ?? 0) + records;
        if (records == 0 || records < spec.Limit)
            return null;
        if (Number(root, spec.Total) is { } total && next >= total)
            return null;
        return new PageCursor(Offset: next);
    }
}

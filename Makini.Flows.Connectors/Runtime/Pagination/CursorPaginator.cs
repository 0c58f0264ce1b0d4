using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Manifests;

namespace Makini.Flows.Connectors.Runtime.Pagination;

/// <summary>MaintainX's <c>nextCursor</c>: sent back as a parameter until the answer has none.</summary>
internal sealed class CursorPaginator(CursorPagination spec) : Paginator
{
    public override PageCursor First { get; } = new();

    public override void Describe(PageCursor position, TemplateValues values) =>
        values.With("cursor", position.Cursor);

    public override void Apply(PageCursor position, SourceRequest request)
    {
        if (position.Cursor is { } cursor)
            SetParameter(request, spec.In, spec.Parameter, JsonValue.Create(cursor));
    }

    public override PageCursor? Next(
        PageCursor position,
        SourceAnswer answer,
        JsonElement root,
        int records
    )
    {
        var next = JsonPointers.Text(root, spec.Cursor);
        if (next is null)
            return null;
        if (next == position.Cursor)
            throw new ConnectorException(
                ConnectorErrorCode.InvalidResponse,
                $"{answer.Request} answered the same cursor it was given: the pages would never end"
            );
        return new PageCursor(Cursor: next);
    }
}

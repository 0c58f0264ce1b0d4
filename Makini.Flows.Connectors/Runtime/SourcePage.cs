using System.Text.Json;

namespace Makini.Flows.Connectors.Runtime;

/// <summary>How to read a stream: only what changed since a time, and from where (a checkpoint of an earlier read).</summary>
public sealed record ReadOptions
{
    /// <summary>Read only records changed since this time (the stream's look-back is subtracted); null reads all.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Continue an interrupted read at this page (the <see cref="SourcePage.Next"/> of the last page stored).</summary>
    public PageCursor? ResumeFrom { get; init; }
}

/// <summary>One page of source records, and where the next page starts (null on the last page).</summary>
public sealed record SourcePage(int Number, IReadOnlyList<JsonElement> Records, PageCursor? Next);

/// <summary>A position in a stream: what the next request sends. Serializable, so a sync can checkpoint it.</summary>
public sealed record PageCursor(
    string? Cursor = null,
    int? Offset = null,
    int? Page = null,
    string? Url = null
);

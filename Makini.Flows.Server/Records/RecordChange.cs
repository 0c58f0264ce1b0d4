using System.Text.Json.Nodes;

namespace Makini.Flows.Server.Records;

public enum RecordChangeKind
{
    Inserted,
    Updated,
    Deleted,
}

/// <summary>A change a sync made to the stored records: what entity events are raised from.</summary>
public sealed record RecordChange(
    RecordChangeKind Kind,
    string Entity,
    string Key,
    JsonObject Unified
);

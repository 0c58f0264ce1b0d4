using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Makini.Flows.Engine.Model;

[Description("How runs of this flow are kept.")]
public sealed class FlowSettings
{
    [Description("Which runs keep their journal: all, errors (faulted runs only) or none.")]
    public JournalPolicy Journal { get; set; } = JournalPolicy.All;

    [Description("Days a finished run is kept before it is deleted; absent means forever.")]
    [System.ComponentModel.DataAnnotations.Range(0, 36500)]
    public int? RetainRunsDays { get; set; }

    [Description(
        "Background runs of this flow (async triggers, schedules, events, resumptions) executing at once, across all server nodes; the others wait in the queue. Absent means no limit."
    )]
    [System.ComponentModel.DataAnnotations.Range(1, 1000)]
    public int? MaxConcurrentRuns { get; set; }
}

[JsonConverter(typeof(JsonStringEnumConverter<JournalPolicy>))]
[Description("Which runs keep their journal.")]
public enum JournalPolicy
{
    [JsonStringEnumMemberName("all")]
    All,

    [JsonStringEnumMemberName("errors")]
    Errors,

    [JsonStringEnumMemberName("none")]
    None,
}

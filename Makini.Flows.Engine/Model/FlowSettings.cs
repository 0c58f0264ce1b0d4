using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Makini.Flows.Engine.Model;

[Description("How runs of this flow are kept.")]
public sealed class FlowSettings
{
    [Description("Which runs keep their journal: all, errors (faulted runs only) or none.")]
    public JournalPolicy Journal { get; set; } = JournalPolicy.All;

    [Description(
        "What a run keeps once it has completed: full (input, output, variables, logs), or summary (status, times, error and the answer an idempotent HTTP request replays). Runs that fault, are cancelled or wait keep everything. Absent means full."
    )]
    public CompletedRunData? CompletedRuns { get; set; }

    [Description("Days a finished run is kept before it is deleted; absent means forever.")]
    [System.ComponentModel.DataAnnotations.Range(0, 36500)]
    public int? RetainRunsDays { get; set; }

    [Description(
        "Background runs of this flow (async triggers, schedules, events, resumptions) executing at once, across all server nodes; the others wait in the queue. Absent means no limit."
    )]
    [System.ComponentModel.DataAnnotations.Range(1, 1000)]
    public int? MaxConcurrentRuns { get; set; }
}

[JsonConverter(typeof(JsonStringEnumConverter<CompletedRunData>))]
[Description("What a run keeps once it has completed.")]
public enum CompletedRunData
{
    [JsonStringEnumMemberName("full")]
    Full,

    [JsonStringEnumMemberName("summary")]
    Summary,
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

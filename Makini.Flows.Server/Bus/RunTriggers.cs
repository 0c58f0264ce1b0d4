using System.Security.Cryptography;
using System.Text;

namespace Makini.Flows.Server.Bus;

/// <summary>
/// How runs started by schedules and events are marked (<see cref="Infrastructure.RunRecord.Trigger"/>) and how
/// their ids are derived: from the key of what started them, so that the same fire or the same event delivered
/// twice produces the same run id and the run table's primary key refuses the second.
/// </summary>
public static class RunTriggers
{
    public static string Schedule(string activityId) => $"schedule:{activityId}";

    public static string Event(string eventType, string eventId) => $"event:{eventType}:{eventId}";

    /// <summary>Whether a run was started by a <c>flow.run.*</c> event: its own end raises none (no endless loops).</summary>
    public static bool IsRunOutcomeEvent(string? trigger) =>
        trigger is not null && trigger.StartsWith("event:flow.run.", StringComparison.Ordinal);

    /// <summary>A run id (32 hex digits, the width of run ids) that is the same for the same key.</summary>
    public static string RunId(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
}

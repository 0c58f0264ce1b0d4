using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Makini.Flows.Engine.Runtime;

/// <summary>
/// The engine's OpenTelemetry-compatible signals (System.Diagnostics): traces (a span per run execution and per
/// activity) and metrics (runs started and finished by status, run and activity durations). They cost next to
/// nothing until a listener, such as the server's OpenTelemetry SDK, subscribes.
/// </summary>
public static class EngineTelemetry
{
    public const string Name = "Makini.Flows.Engine";

    public static readonly ActivitySource Traces = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> RunsStarted = Meter.CreateCounter<long>(
        "makini.runs.started",
        description: "Runs created"
    );

    public static readonly Counter<long> RunsFinished = Meter.CreateCounter<long>(
        "makini.runs.finished",
        description: "Run executions that stopped, by status (Completed, Faulted, Suspended, Cancelled)"
    );

    public static readonly Histogram<double> RunDuration = Meter.CreateHistogram<double>(
        "makini.run.duration",
        unit: "ms",
        description: "Time from a run's creation to its end"
    );

    public static readonly Histogram<double> ActivityDuration = Meter.CreateHistogram<double>(
        "makini.activity.duration",
        unit: "ms",
        description: "Time an activity execution took, by activity type"
    );

    public static readonly Counter<long> ScriptsHandedOver = Meter.CreateCounter<long>(
        "makini.scripts.handed_over",
        description: "Evaluations of compiled JavaScript handed to the JavaScript engine (an error, an unusual value), by flow"
    );
}

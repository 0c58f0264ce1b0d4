using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Tests.Support;

namespace Makini.Flows.Engine.Tests.Runtime;

/// <summary>Runs and activities show up as metrics and spans for whoever listens (the server's OpenTelemetry).</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task A_run_reports_its_start_end_status_durations_and_spans()
    {
        var measurements =
            new ConcurrentBag<(
                string Instrument,
                double Value,
                Dictionary<string, object?> Tags
            )>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == EngineTelemetry.Name)
                    listener.EnableMeasurementEvents(instrument);
            },
        };
        meters.SetMeasurementEventCallback<long>(
            (i, v, tags, _) => measurements.Add((i.Name, v, Tags(tags)))
        );
        meters.SetMeasurementEventCallback<double>(
            (i, v, tags, _) => measurements.Add((i.Name, v, Tags(tags)))
        );
        meters.Start();
        var spans = new ConcurrentBag<Activity>();
        using var traces = new ActivityListener
        {
            ShouldListenTo = source => source.Name == EngineTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) =>
                ActivitySamplingResult.AllData,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(traces);

        var run = await TestFlows.RunScenarioAsync("if-branches", """{"amount": 500}""");

        var ofThisRun = measurements
            .Where(m => Equals(m.Tags.GetValueOrDefault("flow"), "if-branches"))
            .ToList();
        ofThisRun.ShouldContain(m => m.Instrument == "makini.runs.started");
        ofThisRun.ShouldContain(m =>
            m.Instrument == "makini.runs.finished" && Equals(m.Tags["status"], "Completed")
        );
        ofThisRun.ShouldContain(m => m.Instrument == "makini.run.duration");
        measurements.ShouldContain(m =>
            m.Instrument == "makini.activity.duration" && Equals(m.Tags["type"], "If")
        );
        var runSpan = spans.Single(s => Equals(s.GetTagItem("makini.run.id"), run.RunId));
        spans.Count(s => s.ParentSpanId == runSpan.SpanId).ShouldBe(run.Journal.Count);
    }

    private static Dictionary<string, object?> Tags(
        ReadOnlySpan<KeyValuePair<string, object?>> tags
    )
    {
        var result = new Dictionary<string, object?>();
        foreach (var tag in tags)
            result[tag.Key] = tag.Value;
        return result;
    }
}

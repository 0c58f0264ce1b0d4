using System.Diagnostics.Metrics;
using Makini.Flows.Engine.Runtime;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Makini.Flows.Server.Infrastructure;

/// <summary>
/// The server's metrics (HTTP trigger latency, schedule lag) and the OpenTelemetry wiring for them, the engine's
/// runs and activities, and ASP.NET Core. Collected and exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// is set.
/// </summary>
public static class ServerTelemetry
{
    public const string Name = "Makini.Flows.Server";

    private static readonly Meter Meter = new(Name);

    public static readonly Histogram<double> HookDuration = Meter.CreateHistogram<double>(
        "makini.hook.duration",
        unit: "ms",
        description: "Time to answer an HTTP trigger, by flow and mode"
    );

    public static readonly Histogram<double> ScheduleLag = Meter.CreateHistogram<double>(
        "makini.schedule.lag",
        unit: "ms",
        description: "Time from a schedule's planned fire to its run being queued, by flow"
    );

    public static void AddTelemetry(this WebApplicationBuilder builder)
    {
        // Without an exporter, collecting would cost every request for nothing (a span and tags each). The
        // meters still exist, so dotnet-counters and other in-process listeners can read them.
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            return;
        builder
            .Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("makini-flows"))
            .WithMetrics(metrics =>
                metrics.AddMeter(EngineTelemetry.Name, Name).AddAspNetCoreInstrumentation()
            )
            .WithTracing(tracing =>
                tracing.AddSource(EngineTelemetry.Name).AddAspNetCoreInstrumentation()
            )
            .UseOtlpExporter();
    }
}

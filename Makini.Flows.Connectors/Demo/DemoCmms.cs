namespace Makini.Flows.Connectors.Demo;

/// <summary>
/// The built-in Demo CMMS: its data and the handler that answers its API. The server holds one, answers
/// <see cref="BaseUrl"/> with it in process (no network) and also serves it over HTTP under <c>/demo-cmms</c>.
/// </summary>
public sealed class DemoCmms
{
    /// <summary>The host name connections use to reach the demo; never resolved, answered in process.</summary>
    public const string Host = "demo-cmms.internal";

    public const string BaseUrl = "http://" + Host + DemoCmmsHandler.PathPrefix;

    public DemoCmms(
        TimeProvider clock,
        long seed = DemoDataSet.DefaultSeed,
        DemoCmmsOptions? options = null
    )
    {
        Data = new DemoDataSet(seed);
        Handler = new DemoCmmsHandler(Data, clock, options);
    }

    public DemoDataSet Data { get; }

    public DemoCmmsHandler Handler { get; }
}

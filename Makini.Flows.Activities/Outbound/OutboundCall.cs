namespace Makini.Flows.Activities.Outbound;

/// <summary>One outbound call as an activity describes it: how to build each attempt's request, and its limits.</summary>
public sealed class OutboundCall
{
    /// <summary>Builds the request of an attempt (numbered from 1); a request message cannot be sent twice.</summary>
    public required Func<int, HttpRequestMessage> Request { get; init; }

    public required int MaxAttempts { get; init; }

    /// <summary>How long one attempt may take, answer body included.</summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary>Told about each retry, e.g. to write it to the run's log.</summary>
    public Action<string>? OnRetry { get; init; }
}

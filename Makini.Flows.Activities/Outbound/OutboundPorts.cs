namespace Makini.Flows.Activities.Outbound;

/// <summary>Ports of the activities that call out: Done on a 2xx answer, Failed otherwise (unless they fault).</summary>
public static class OutboundPorts
{
    public const string Failed = "Failed";
}

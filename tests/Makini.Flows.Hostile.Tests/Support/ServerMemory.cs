namespace Makini.Flows.Hostile.Tests.Support;

/// <summary>What a hostile run may cost the server's own memory.</summary>
public static class ServerMemory
{
    public const long Megabyte = 1024 * 1024;

    /// <summary>The server's resident memory (VmRSS) now.</summary>
    public static long ResidentBytes(this HostileServer server) =>
        ProcFs.ResidentBytes(server.ProcessId);

    /// <summary>
    /// Publishes a flow evaluating the script, runs it: the run faults with one of the causes, the server's
    /// resident memory grows less than 100 MB (printed), and the server goes on serving (exactly, in
    /// the script's language).
    /// </summary>
    /// <param name="language">The expression kind: <c>cs</c>, or <c>js</c> for JavaScript.</param>
    public static async Task ShouldFaultWithoutSwellingAsync(
        this HostileServer server,
        ITestOutputHelper output,
        (string FlowId, string Script, string Language) flow,
        params string[] causes
    )
    {
        await server.Client.PublishScriptAsync(flow.FlowId, flow.Script, flow.Language);
        var before = server.ResidentBytes();

        var run = await server.Client.RunAsync(flow.FlowId);

        run.ShouldFaultWith(causes);
        var growth = server.ResidentBytes() - before;
        output.WriteLine($"{flow.FlowId}: {run.Error}; server RSS grew {growth / Megabyte} MB");
        growth.ShouldBeLessThan(100 * Megabyte);
        if (flow.Language == "js")
            await server.ShouldStillServeJavaScriptAsync();
        else
            await server.ShouldStillServeAsync();
    }
}

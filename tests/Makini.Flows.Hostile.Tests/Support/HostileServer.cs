using System.Net;
using System.Text.Json.Nodes;
using Makini.Flows.Tests.Shared;

namespace Makini.Flows.Hostile.Tests.Support;

/// <summary>
/// One real server process on SQLite in a temporary folder, shared by the tests of a class, with the benign
/// flow every case runs afterwards already published.
/// </summary>
public sealed class HostileServer : IAsyncLifetime
{
    public const string BenignFlow = "benign";
    public const string BenignJavaScriptFlow = "benign-js";
    private readonly string _folder = Path.Combine(
        Path.GetTempPath(),
        "makini-hostile-" + Guid.NewGuid().ToString("N")
    );
    private ServerProcess? _server;
    private int _nextInput;

    public HttpClient Client => Server.Client;

    public int ProcessId => Server.ProcessId;

    /// <summary>What the server has printed so far (its log).</summary>
    public IReadOnlyList<string> Output => Server.Output;

    /// <summary>The server's resident memory once it answered its first health check, before any run.</summary>
    public long StartupResidentBytes { get; private set; }

    private ServerProcess Server =>
        _server ?? throw new InvalidOperationException("the server has not started");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _server = await ServerProcess.StartAsync(
            Path.Combine(_folder, "makini.db"),
            ServerProcess.FreePort(),
            CancellationToken.None
        );
        StartupResidentBytes = ProcFs.ResidentBytes(ProcessId);
        await Client.PublishScriptAsync(BenignFlow, ScriptFlows.DoubleA);
        await Client.PublishScriptAsync(BenignJavaScriptFlow, JavaScriptFlows.Iterating, "js");
    }

    /// <summary>The server process has not exited and its health check answers 200.</summary>
    public async Task ShouldBeAliveAsync()
    {
        ProcFs.IsAlive(ProcessId).ShouldBeTrue("the server process exited");
        using var health = await Client.GetAsync("/health", TestContext.Current.CancellationToken);
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>A benign C# run completes with its exact output.</summary>
    public async Task BenignRunShouldCompleteAsync()
    {
        var a = Interlocked.Increment(ref _nextInput);
        var run = await Client.RunAsync(BenignFlow, new JsonObject { ["a"] = a });
        run.Status.ShouldBe("Completed", run.ToString());
        run.Output!.GetValue<int>().ShouldBe(a * 2);
    }

    /// <summary>A benign JavaScript run that iterates and awaits completes with its exact output.</summary>
    public async Task BenignJavaScriptRunShouldBeExactAsync()
    {
        var a = Interlocked.Increment(ref _nextInput);
        var run = await Client.RunAsync(BenignJavaScriptFlow, JavaScriptFlows.Input(a));
        run.Status.ShouldBe("Completed", run.ToString());
        JsonNode.DeepEquals(run.Output, JavaScriptFlows.Expected(a)).ShouldBeTrue(run.ToString());
    }

    /// <summary>
    /// <paramref name="runs"/> benign JavaScript runs, half one after another and half four at once, so that
    /// they are served by every engine of the pool; all exact.
    /// </summary>
    public async Task BenignJavaScriptRunsShouldBeExactAsync(int runs)
    {
        for (var i = 0; i < runs / 2; i++)
            await BenignJavaScriptRunShouldBeExactAsync();
        await Repeated.RunAsync(runs - runs / 2, 4, _ => BenignJavaScriptRunShouldBeExactAsync());
    }

    /// <summary>What every hostile case ends with: the server is alive and the next benign run works.</summary>
    public async Task ShouldStillServeAsync()
    {
        await ShouldBeAliveAsync();
        await BenignRunShouldCompleteAsync();
    }

    /// <summary>
    /// What every JavaScript case ends with: twenty benign JavaScript runs are exact, the server is alive and
    /// the next benign C# run works.
    /// </summary>
    public async Task ShouldStillServeJavaScriptAsync()
    {
        await BenignJavaScriptRunsShouldBeExactAsync(20);
        await ShouldStillServeAsync();
    }

    /// <summary>The script hosts the server started that are alive now.</summary>
    public List<int> ScriptHosts() => ProcFs.ScriptHostsOf(ProcessId);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException) { }
    }
}

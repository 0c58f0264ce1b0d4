using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Makini.Flows.Tests.Shared;

/// <summary>The real server executable, as a separate process on loopback, that a test can kill.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly Process _process;
    private bool _disposed;

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            TestServer.AdminKey
        );
    }

    public HttpClient Client { get; }

    private const int KeptLines = 20_000;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

    /// <summary>What the server printed (its log), the last 20,000 lines.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    private void Keep(string? line, TextWriter? log)
    {
        if (line is null)
            return;
        log?.WriteLine(line);
        _output.Enqueue(line);
        while (_output.Count > KeptLines)
            _output.TryDequeue(out _);
    }

    public int ProcessId => _process.Id;

    /// <summary>A server on SQLite in the given file.</summary>
    public static Task<ServerProcess> StartAsync(
        string databaseFile,
        int port,
        CancellationToken ct
    ) =>
        StartAsync(
            port,
            new()
            {
                ["Database__Provider"] = "Sqlite",
                ["Database__ConnectionString"] = $"Data Source={databaseFile}",
            },
            ct
        );

    /// <summary>
    /// A server with the given settings (environment variables) on top of the test defaults, told its address in
    /// <paramref name="addressVariable"/> (<c>Urls</c>, or <c>ASPNETCORE_URLS</c> as an operator would).
    /// </summary>
    public static async Task<ServerProcess> StartAsync(
        int port,
        Dictionary<string, string> settings,
        CancellationToken ct,
        string addressVariable = "Urls"
    )
    {
        var start = new ProcessStartInfo("dotnet", [ServerAssembly()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment[addressVariable] = $"http://127.0.0.1:{port}";
        start.Environment["MAKINI_ADMIN_KEY"] = TestServer.AdminKey;
        start.Environment["Samples__Folder"] = Path.Combine(
            Path.GetTempPath(),
            "makini-no-samples"
        );
        foreach (var (name, value) in settings)
            start.Environment[name] = value;
        var process = Process.Start(start)!;
        // MAKINI_SERVER_LOG=<file> keeps what the server prints, to see why one died in a benchmark.
        var log = Environment.GetEnvironmentVariable("MAKINI_SERVER_LOG") is { Length: > 0 } path
            ? TextWriter.Synchronized(new StreamWriter(path, append: true) { AutoFlush = true })
            : null;
        var server = new ServerProcess(process, port);
        process.OutputDataReceived += (_, line) => server.Keep(line.Data, log);
        process.ErrorDataReceived += (_, line) => server.Keep(line.Data, log);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Generous: on a loaded 2-core machine (test assemblies run side by side) a cold start can take long.
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            try
            {
                if ((await server.Client.GetAsync("/health", ct)).StatusCode == HttpStatusCode.OK)
                    return server;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            if (process.HasExited)
            {
                var exitCode = process.ExitCode;
                await server.DisposeAsync();
                throw new InvalidOperationException(
                    $"the server exited with {exitCode} while starting"
                );
            }
            await Task.Delay(100, ct);
        }
        await server.DisposeAsync();
        throw new TimeoutException(
            $"the server did not become healthy in {StartTimeout.TotalSeconds:0} s"
        );
    }

    /// <summary>SIGKILL: no shutdown, no flushing, as in a crash.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The server's own build output, next to this test's (same configuration).</summary>
    private static string ServerAssembly()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var path = Path.Combine(
            TestServer.RepositoryRoot(),
            "Makini.Flows.Server",
            "bin",
            configuration,
            framework,
            "Makini.Flows.Server.dll"
        );
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException("build the server first", path);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (!_process.HasExited)
            Kill();
        _process.Dispose();
        Client.Dispose();
        await Task.CompletedTask;
    }
}

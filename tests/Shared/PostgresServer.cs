using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace Makini.Flows.Tests.Shared;

/// <summary>
/// A throwaway PostgreSQL cluster for the whole test run, started from the local server
/// binaries (<c>/usr/lib/postgresql/*/bin</c>, newest version). xunit creates the fixture
/// at the start of the run, but the cluster itself starts only on first use
/// (<see cref="CreateDatabaseAsync"/> or <see cref="StartAsync"/>), so test runs that never
/// touch PostgreSQL do not pay for it. Inject it into a test class constructor and give each
/// class (or test) its own database.
/// </summary>
/// <remarks>
/// The cluster lives under <c>/tmp/makini-pg-{pid}-{random}</c>, listens on 127.0.0.1 at a free
/// port, trusts every local connection as user <c>postgres</c>, and runs with fsync off: it is
/// fast and disposable, never durable. initdb, pg_ctl and postgres refuse to run as root, so
/// when the tests run as root they are started through <c>runuser -u postgres --</c>.
/// </remarks>
public sealed partial class PostgresServer : IAsyncDisposable
{
    private const string SuperUser = "postgres";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);

    private readonly SemaphoreSlim _startLock = new(1, 1);
    private string? _binDirectory;
    private string? _rootDirectory;
    private string? _dataDirectory;
    private bool _runAsPostgres;
    private int _port;
    private volatile bool _started;
    private bool _stopped;
    private Exception? _startFailure;

    /// <summary>The TCP port the cluster listens on (127.0.0.1); valid once started.</summary>
    public int Port => _started ? _port : throw NotStarted();

    /// <summary>How long initdb plus server start plus the first successful query took.</summary>
    public TimeSpan StartDuration { get; private set; }

    /// <summary>The PostgreSQL major version directory the binaries came from, e.g. "15".</summary>
    public string? Version { get; private set; }

    /// <summary>
    /// A connection string for <paramref name="database"/> on this cluster. The cluster must have
    /// been started (<see cref="CreateDatabaseAsync"/> or <see cref="StartAsync"/>).
    /// </summary>
    public string ConnectionString(string database = "postgres")
    {
        if (!_started)
            throw NotStarted();
        return BuildConnectionString(database);
    }

    private string BuildConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = _port,
            Username = SuperUser,
            Database = database,
            IncludeErrorDetail = true,
        }.ConnectionString;

    /// <summary>
    /// Starts the cluster if needed, creates a fresh, empty database and returns its connection
    /// string. Without a name, a unique one (<c>test_…</c>) is generated. Names are lower-case
    /// identifiers: letters, digits and underscores, at most 63 characters.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(
        string? name = null,
        CancellationToken cancellationToken = default
    )
    {
        name ??= $"test_{Guid.NewGuid():N}";
        if (!DatabaseName().IsMatch(name))
            throw new ArgumentException(
                $"'{name}' is not a usable database name: use [a-z_][a-z0-9_]*, at most 63 characters.",
                nameof(name)
            );

        await StartAsync(cancellationToken);
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionString(name);
    }

    /// <summary>Starts the cluster once; later calls return at once.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_started)
            return;
        await _startLock.WaitAsync(cancellationToken);
        try
        {
            if (_started)
                return;
            // A failed start is not retried: every test gets the same clear error at once.
            if (_startFailure is not null)
                throw new InvalidOperationException(
                    $"The PostgreSQL test server failed to start: {_startFailure.Message}",
                    _startFailure
                );
            ObjectDisposedException.ThrowIf(_stopped, this);
            var stopwatch = Stopwatch.StartNew();
            try
            {
                await StartClusterAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _startFailure = e;
                throw;
            }
            _started = true;
            StartDuration = stopwatch.Elapsed;
        }
        finally
        {
            _startLock.Release();
        }
    }

    private async Task StartClusterAsync(CancellationToken cancellationToken)
    {
        (_binDirectory, Version) = FindBinaries();
        _runAsPostgres = Environment.UserName == "root";
        if (_runAsPostgres)
            await EnsurePostgresUserAsync(cancellationToken);

        _rootDirectory = Path.Combine(
            "/tmp",
            $"makini-pg-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}"
        );
        _dataDirectory = Path.Combine(_rootDirectory, "data");
        var socketDirectory = Path.Combine(_rootDirectory, "socket");
        Directory.CreateDirectory(_rootDirectory);
        Directory.CreateDirectory(socketDirectory);
        // Stop the cluster even if xunit never gets to dispose the fixture (e.g. Ctrl+C).
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;

        try
        {
            if (_runAsPostgres)
                await RunAsync(
                    "chown",
                    ["-R", $"{SuperUser}:{SuperUser}", _rootDirectory],
                    cancellationToken
                );

            await RunPostgresToolAsync(
                "initdb",
                [
                    "-D",
                    _dataDirectory,
                    "-U",
                    SuperUser,
                    "-A",
                    "trust",
                    "--no-sync",
                    "--encoding=UTF8",
                    "--no-locale",
                ],
                cancellationToken
            );

            _port = FreePort();
            var logFile = Path.Combine(_rootDirectory, "postgres.log");
            string[] settings =
            [
                "listen_addresses=127.0.0.1",
                $"port={_port}",
                "fsync=off",
                "synchronous_commit=off",
                "full_page_writes=off",
                $"unix_socket_directories={socketDirectory}",
                "max_connections=200",
            ];
            try
            {
                await RunPostgresToolAsync(
                    "pg_ctl",
                    [
                        "-D",
                        _dataDirectory,
                        "-l",
                        logFile,
                        "-w",
                        "-t",
                        ((int)ReadyTimeout.TotalSeconds).ToString(),
                        "-o",
                        string.Join(' ', settings.Select(s => $"-c {s}")),
                        "start",
                    ],
                    cancellationToken
                );
            }
            catch (InvalidOperationException e)
            {
                var log = File.Exists(logFile)
                    ? await File.ReadAllTextAsync(logFile, CancellationToken.None)
                    : "(no log)";
                throw new InvalidOperationException($"{e.Message}\n--- {logFile} ---\n{log}", e);
            }

            await WaitUntilReadyAsync(cancellationToken);
        }
        catch
        {
            await StopClusterAsync();
            throw;
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(
                    BuildConnectionString("postgres")
                );
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(cancellationToken);
                return;
            }
            catch (Exception e)
                when (e is NpgsqlException or SocketException && deadline.Elapsed < ReadyTimeout)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    /// <summary>The newest <c>{root}/{version}/bin</c> holding an initdb.</summary>
    internal static (string BinDirectory, string Version) FindBinaries(
        string root = "/usr/lib/postgresql"
    )
    {
        var newest = Directory.Exists(root)
            ? Directory
                .EnumerateDirectories(root)
                .Where(dir => File.Exists(Path.Combine(dir, "bin", "initdb")))
                .Select(dir => (Dir: dir, Name: Path.GetFileName(dir)))
                .OrderByDescending(d => decimal.TryParse(d.Name, out var v) ? v : -1)
                .FirstOrDefault()
            : default;
        if (newest.Dir is null)
            throw new InvalidOperationException(
                $"PostgreSQL server binaries are missing: no {root}/*/bin/initdb on this machine. "
                    + "Install them (Debian/Ubuntu: apt-get install postgresql; .ci/run does this) "
                    + "to run the PostgreSQL tests."
            );
        return (Path.Combine(newest.Dir, "bin"), newest.Name);
    }

    private static async Task EnsurePostgresUserAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists("/usr/sbin/runuser") && !File.Exists("/usr/bin/runuser"))
            throw new InvalidOperationException(
                "The tests run as root, and PostgreSQL refuses root: 'runuser' (util-linux) is "
                    + "needed to start it as the 'postgres' user, and it is missing."
            );
        var (exitCode, _) = await TryRunAsync("id", ["-u", SuperUser], cancellationToken);
        if (exitCode != 0)
            throw new InvalidOperationException(
                "The tests run as root, and PostgreSQL refuses root: a 'postgres' system user is "
                    + "needed to run it (the Debian postgresql package creates one; otherwise "
                    + "'useradd --system --no-create-home postgres')."
            );
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunPostgresToolAsync(
        string tool,
        IReadOnlyList<string> arguments,
        CancellationToken cancellationToken
    )
    {
        var executable = Path.Combine(_binDirectory!, tool);
        return _runAsPostgres
            ? RunAsync(
                "runuser",
                ["-u", SuperUser, "--", executable, .. arguments],
                cancellationToken
            )
            : RunAsync(executable, arguments, cancellationToken);
    }

    private async Task RunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        CancellationToken cancellationToken
    )
    {
        var (exitCode, output) = await TryRunAsync(
            fileName,
            arguments,
            cancellationToken,
            _rootDirectory
        );
        if (exitCode != 0)
            throw new InvalidOperationException(
                $"'{fileName} {string.Join(' ', arguments)}' failed with exit code {exitCode}:\n{output}"
            );
    }

    private static async Task<(int ExitCode, string Output)> TryRunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        CancellationToken cancellationToken,
        string? workingDirectory = null
    )
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The postgres user may not be allowed into the test's working directory.
            WorkingDirectory = workingDirectory ?? "/tmp",
        };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);
        // A predictable environment: no inherited locale for initdb to trip over.
        startInfo.Environment["LC_ALL"] = "C";
        startInfo.Environment.Remove("PGDATA");
        startInfo.Environment.Remove("PGPORT");

        using var process = Process.Start(startInfo)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        _stopped = true;
        StopClusterAsync().GetAwaiter().GetResult();
    }

    /// <summary>Stops the cluster if it runs and deletes its directories; safe to repeat.</summary>
    private async Task StopClusterAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        var dataDirectory = Interlocked.Exchange(ref _dataDirectory, null);
        var rootDirectory = Interlocked.Exchange(ref _rootDirectory, null);
        NpgsqlConnection.ClearAllPools();
        if (dataDirectory is not null && File.Exists(Path.Combine(dataDirectory, "postmaster.pid")))
        {
            try
            {
                await RunPostgresToolAsync(
                    "pg_ctl",
                    ["-D", dataDirectory, "-m", "immediate", "-w", "stop"],
                    CancellationToken.None
                );
            }
            catch (InvalidOperationException)
            {
                // Already gone; nothing to stop.
            }
        }
        if (rootDirectory is not null && Directory.Exists(rootDirectory))
        {
            try
            {
                Directory.Delete(rootDirectory, recursive: true);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Stops the cluster (immediate shutdown) and deletes its directories.</summary>
    public async ValueTask DisposeAsync()
    {
        await _startLock.WaitAsync();
        try
        {
            _started = false;
            _stopped = true;
            await StopClusterAsync();
        }
        finally
        {
            _startLock.Release();
        }
    }

    private static InvalidOperationException NotStarted() =>
        new(
            "The PostgreSQL test server has not started yet: call CreateDatabaseAsync or StartAsync first."
        );

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}

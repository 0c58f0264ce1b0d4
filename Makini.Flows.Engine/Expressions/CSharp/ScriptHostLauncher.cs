using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Makini.Flows.Engine.Expressions.CSharp;

/// <summary>
/// How a script host process is started: <c>dotnet exec Makini.Flows.ScriptHost.dll</c> from the server's own
/// folder, with an empty environment (no secrets, keys or connection strings of the server's), its managed heap
/// capped by the runtime, and, where Linux allows, no network and no privileges (see docs/scripts.md).
/// </summary>
internal sealed class ScriptHostLauncher(CSharpLimits limits)
{
    private const string HostAssembly = "Makini.Flows.ScriptHost";
    private const int NobodyId = 65534;

    /// <summary>How hosts start; lowered for good when a start at this level fails.</summary>
    public HostIsolation Isolation { get; private set; } =
        limits.IsolateHosts && CanIsolate() ? HostIsolation.NetworkAndUser : HostIsolation.None;

    /// <summary>Steps down one level (as root, nobody may not read the server's folder; a container may refuse namespaces).</summary>
    public bool StepDown()
    {
        if (Isolation == HostIsolation.None)
            return false;
        Isolation =
            Isolation == HostIsolation.NetworkAndUser ? HostIsolation.Network : HostIsolation.None;
        return true;
    }

    public ProcessStartInfo StartInfo()
    {
        var dotnet = DotnetHost();
        var folder = AppContext.BaseDirectory;
        List<string> command = [];
        command.AddRange(IsolationPrefix(Isolation));
        command.AddRange([dotnet, "exec"]);
        var runtimeConfig = Path.Combine(folder, HostAssembly + ".runtimeconfig.json");
        if (File.Exists(runtimeConfig))
            command.AddRange(["--runtimeconfig", runtimeConfig]);
        var deps = Path.Combine(folder, HostAssembly + ".deps.json");
        if (File.Exists(deps))
            command.AddRange(["--depsfile", deps]);
        command.Add(Path.Combine(folder, HostAssembly + ".dll"));
        command.AddRange(LimitArguments());

        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var argument in command.Skip(1))
            info.ArgumentList.Add(argument);
        info.Environment.Clear();
        info.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(dotnet);
        info.Environment["DOTNET_GCHeapHardLimit"] = HeapLimit()
            .ToString("X", CultureInfo.InvariantCulture);
        info.Environment["DOTNET_gcServer"] = "0";
        info.Environment["DOTNET_EnableDiagnostics"] = "0";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["TMPDIR"] = Path.GetTempPath();
        // Profiling hosts with perf needs their JIT symbols: passed on only when the operator asked for them.
        if (Environment.GetEnvironmentVariable("DOTNET_PerfMapEnabled") is { Length: > 0 } perfMap)
            info.Environment["DOTNET_PerfMapEnabled"] = perfMap;
        return info;
    }

    /// <summary>The managed heap cap: room for one script's allowance twice over and the compiler's own.</summary>
    private long HeapLimit() =>
        Math.Min(limits.HostMemoryBytes * 3 / 4, Math.Max(limits.MaxMemoryBytes * 2, 512L << 20));

    private IEnumerable<string> LimitArguments() =>
        [
            "--timeout-ms",
            Milliseconds(limits.Timeout),
            "--memory-bytes",
            limits.MaxMemoryBytes.ToString(CultureInfo.InvariantCulture),
            "--regex-timeout-ms",
            Milliseconds(limits.RegexTimeout),
            "--max-collection",
            limits.MaxCollectionLength.ToString(CultureInfo.InvariantCulture),
            "--max-result-values",
            limits.MaxResultValues.ToString(CultureInfo.InvariantCulture),
            "--max-result-bytes",
            limits.MaxResultBytes.ToString(CultureInfo.InvariantCulture),
        ];

    private static string Milliseconds(TimeSpan span) =>
        ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A new network namespace (no interface but loopback, which is down) and no new privileges; as root, at the
    /// first level also the user and group nobody. Without root, a user namespace makes the network namespace
    /// possible.
    /// </summary>
    private static string[] IsolationPrefix(HostIsolation isolation) =>
        isolation switch
        {
            HostIsolation.None => [],
            _ when !IsRoot() =>
            [
                "unshare",
                "--map-root-user",
                "--net",
                "--ipc",
                "--",
                "setpriv",
                "--no-new-privs",
                "--",
            ],
            HostIsolation.NetworkAndUser =>
            [
                "unshare",
                "--net",
                "--ipc",
                "--",
                "setpriv",
                $"--reuid={NobodyId}",
                $"--regid={NobodyId}",
                "--clear-groups",
                "--no-new-privs",
                "--",
            ],
            _ => ["unshare", "--net", "--ipc", "--", "setpriv", "--no-new-privs", "--"],
        };

    private static bool CanIsolate() =>
        OperatingSystem.IsLinux()
        && File.Exists("/usr/bin/unshare")
        && File.Exists("/usr/bin/setpriv");

    private static bool IsRoot() => Environment.UserName == "root";

    /// <summary>The <c>dotnet</c> executable of the runtime this server runs on.</summary>
    private static string DotnetHost()
    {
        var runtime = RuntimeEnvironment.GetRuntimeDirectory();
        var root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var candidate = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        if (File.Exists(candidate))
            return candidate;
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath
            ? hostPath
            : "dotnet";
    }
}

/// <summary>How far script hosts are walled off from the machine (see docs/scripts.md).</summary>
public enum HostIsolation
{
    /// <summary>Started plainly: the machine refused namespaces.</summary>
    None,

    /// <summary>In their own network namespace, without new privileges.</summary>
    Network,

    /// <summary>As <see cref="Network"/>, and as user nobody when the server runs as root.</summary>
    NetworkAndUser,
}

using Makini.Flows.ScriptHost.Execution;

namespace Makini.Flows.ScriptHost;

internal static class ScriptHostProgram
{
    public static void Main(string[] args)
    {
        // Frames travel over the raw standard streams; anything else that prints goes to standard error.
        var input = Console.OpenStandardInput();
        var output = Console.OpenStandardOutput();
        Console.SetOut(Console.Error);
        new ScriptHostLoop(input, output, HostLimits.Parse(args)).Run();
    }
}

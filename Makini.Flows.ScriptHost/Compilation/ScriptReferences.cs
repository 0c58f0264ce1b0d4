using Microsoft.CodeAnalysis;

namespace Makini.Flows.ScriptHost.Compilation;

/// <summary>
/// The assemblies C# scripts compile against: the runtime's own, as few as the allowed APIs need, plus the
/// engine for <see cref="ScriptGuard"/>. Read once per process.
/// </summary>
internal static class ScriptReferences
{
    private static readonly string[] RuntimeAssemblies =
    [
        "System.Private.CoreLib",
        "System.Runtime",
        "System.Collections",
        "System.Linq",
        "System.Memory",
        "System.Text.Json",
        "System.Text.RegularExpressions",
        "System.Runtime.Numerics",
    ];

    public static readonly IReadOnlyList<MetadataReference> All = Load();

    private static List<MetadataReference> Load()
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(
            Path.PathSeparator
        );
        var references = trusted
            .Where(path => RuntimeAssemblies.Contains(Path.GetFileNameWithoutExtension(path)))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList();
        references.Add(MetadataReference.CreateFromFile(typeof(ScriptGuard).Assembly.Location));
        return references;
    }
}

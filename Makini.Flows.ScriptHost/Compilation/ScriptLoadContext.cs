using System.Reflection;
using System.Runtime.Loader;

namespace Makini.Flows.ScriptHost.Compilation;

/// <summary>
/// A collectible load context holding one compiled script, so its code is freed once the script leaves the
/// cache and no plan uses it any more (Roslyn scripting would keep every assembly loaded for good).
/// </summary>
internal sealed class ScriptLoadContext()
    : AssemblyLoadContext(name: "makini-script", isCollectible: true)
{
    // Everything a script references is already loaded by the host: resolve nothing here.
    protected override Assembly? Load(AssemblyName assemblyName) => null;
}

using Makini.Flows.ScriptHost.Compilation;

namespace Makini.Flows.ScriptHost.Execution;

/// <summary>
/// Compiled scripts of this host by the hash of their text. Bounded: when full, every script is dropped and
/// its code unloaded; the server sends the source with every request, so a dropped script compiles again.
/// </summary>
internal sealed class ScriptCache
{
    private const int MaxScripts = 256;
    private readonly Dictionary<string, CompiledScript> _scripts = new(StringComparer.Ordinal);

    public CompiledScript Get(string hash, string source)
    {
        if (_scripts.TryGetValue(hash, out var script))
            return script;
        script = CSharpScriptCompiler.Compile(source, hash);
        if (_scripts.Count >= MaxScripts)
        {
            foreach (var old in _scripts.Values)
                old.Unload();
            _scripts.Clear();
        }
        _scripts[hash] = script;
        return script;
    }
}
